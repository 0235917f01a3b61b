import type { Db } from "./create-client";

/** A Prisma client or an interactive transaction of one: data functions accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db["$transaction"]>[0]>[0];
