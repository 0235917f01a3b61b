// GET /api/v1/me: the key in use and the customer it acts as. A switch can
// check its key with it before sending calls.
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";

export const GET = apiRoute(
  {
    method: "GET",
    path: "/api/v1/me",
    operationId: "whoAmI",
    tag: "API keys",
    summary: "The API key in use and the customer it acts as",
    description: "A key acts with the scope and rights of its owner: the customer that created it.",
    response: z.object({
      key: z.object({ id: z.int(), name: z.string(), prefix: z.string().meta({ description: "The key's public part, as the API keys page lists it." }) }),
      owner: z.object({ id: z.int(), name: z.string(), webLogin: z.string() }),
    }),
  },
  async ({ key, viewer }) => ({ key, owner: { id: viewer.id, name: viewer.name, webLogin: viewer.webLogin } }),
);
