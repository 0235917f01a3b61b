// The server's structured logger: JSON lines through pino, one logger per
// process (see core.mjs). Server code logs here, never with console.*, so an
// operator can filter and join lines by level, message and request id.
// In a request, prefer requestLogger() (request-log.ts): it adds the request id.
import { observability } from "./core.mjs";

export const logger = observability().logger;
export type { Logger } from "pino";
