// POST /api/v1/route-test: "Test a route" in the JSON API (lib/routing/
// route-test.ts): the whole decision for an account and a number, read-only
// (nothing is registered). System "view" only: for anyone else the method
// answers "not found", as if it did not exist.
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db/client";
import { testRoute } from "@/lib/routing/route-test";
import { routeTestAnswer, routeTestJson } from "@/lib/routing/route-json";

const body = z.strictObject({
  account: z.string().trim().min(1).max(64).meta({ description: "The account's username (case-insensitive), among the key owner's." }),
  cld: z.string().trim().min(1).max(64).meta({ description: "The called number, as a switch would send it." }),
});

const snake = (reason: string) => reason.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const POST = apiRoute(
  {
    method: "POST",
    path: "/api/v1/route-test",
    operationId: "testRoute",
    tag: "System",
    summary: "Test a route: the whole authorization and routing decision for an account and a number, registering nothing",
    description:
      "Each level's rate and the longest call it can pay for, each level's margin per minute, the routes in order with their costs (in the vendor's currency and in Root's), " +
      "the entries skipped and why, the longest duration allowed, or the refusal (Sippy's result code and reason, as POST /api/v1/authorize). " +
      "Only for Root or a customer directly under Root holding system_mgmt; anyone else is answered 404.",
    body,
    response: routeTestAnswer,
    refusals: [{ status: 404, description: "The key's owner may not see the system settings (the method does not exist for it)." }],
  },
  async ({ viewer, body }) => {
    const result = await testRoute(db, viewer, body);
    const json = routeTestJson(result);
    return { ...json, refusal: result.refusal && { ...result.refusal, reason: snake(result.refusal.reason) } };
  },
);
