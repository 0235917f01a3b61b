// POST /api/v1/authorize: may this account call this number, and for how
// long? (lib/calls/authorize.ts; docs/api.md, docs/domain.md.) A refusal is a
// normal answer (200, allowed: false) with Sippy's result code; only a call id
// that belongs to another call is a 409.
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { ApiProblem } from "@/lib/api/problem";
import { apiTranslator } from "@/lib/api/messages";
import { authorizeCall, REFUSALS, type RefusalReason } from "@/lib/calls/authorize";
import { authorizeRequestSchema } from "@/lib/calls/authorize-schema";
import { routeAnswer, routeJson } from "@/lib/routing/route-json";

const snake = (reason: string) => reason.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const REASONS = Object.keys(REFUSALS).map(snake) as [string, ...string[]];

const common = {
  callId: z.string(),
  account: z.string().meta({ description: "The username as sent." }),
};

const answer = z.discriminatedUnion("allowed", [
  z.object({
    allowed: z.literal(true),
    ...common,
    maxDuration: z.int().min(1).meta({ description: "Seconds the call may last: the shortest any level of the chain can pay for, capped by the account's max credit time and 4 hours." }),
    authorizedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().meta({ description: "When the call stops counting as active if its record has not arrived (max duration + 120 s)." }),
    repeated: z.boolean().meta({ description: "True when this call id had been authorized already: the first answer is repeated, nothing is registered twice." }),
    routes: z.array(routeAnswer).meta({
      description:
        "The vendors' connections to try, in this order (the routing group's policy: least cost, preference or prefix length); fail over to the next on a failure. " +
        "Empty when the account's top-level customer has no routing group: the switch routes the call by itself.",
    }),
  }),
  z.object({
    allowed: z.literal(false),
    ...common,
    result: z.int().meta({ description: "Sippy's CDR result code: -2 unknown account, -3 blocked, -4 expired, -14 no rate (account), -16 max sessions, -20 insufficient balance, -21 forbidden destination, -22 no rate (a customer), -25 no route (the routing group has no connection for the number)." }),
    reason: z.enum(REASONS).meta({ description: "The refusal, for programs." }),
    message: z.string().meta({ description: "The refusal, for people (Accept-Language: English or Russian)." }),
    level: z.int().min(0).optional().meta({ description: "The refusing level of the chain (0 the account, 1 its owner, ...), given when it is the account or a customer in the key owner's subtree." }),
  }),
]);

function message(reason: RefusalReason, level: number | undefined, values: { account: string; cld: string }, t: ReturnType<typeof apiTranslator>): string {
  if (reason === "insufficientBalance" && level !== 0) return t("authorize.insufficientBalanceCustomer");
  if (reason === "forbiddenDestination" && level !== 0) return t("authorize.forbiddenDestinationCustomer", values);
  return t(`authorize.${reason}`, values);
}

export const POST = apiRoute(
  {
    method: "POST",
    path: "/api/v1/authorize",
    operationId: "authorizeCall",
    tag: "Calls",
    summary: "Authorize a call: allowed for how long, or refused with Sippy's result code",
    description:
      "Registers an allowed call as active: it counts towards the account's max sessions until its record arrives (POST /api/v1/cdrs) or it expires. " +
      "Asking again with the same call id repeats the first answer. The account's first allowed call sets its first use (its lifetime counts from then).",
    access: ["call", "charge"],
    body: authorizeRequestSchema,
    response: answer,
    refusals: [{ status: 409, description: "The call id belongs to another call in progress, or its record was charged already." }],
  },
  async ({ viewer, body, locale }) => {
    const outcome = await authorizeCall(viewer, body);
    const t = apiTranslator(locale);
    const common = { callId: body.callId, account: body.account };
    if (outcome.allowed) {
      return { allowed: true as const, ...common, maxDuration: outcome.maxDuration, authorizedAt: outcome.authorizedAt.toISOString(), expiresAt: outcome.expiresAt.toISOString(), repeated: outcome.repeated, routes: outcome.routes.map(routeJson) };
    }
    if (outcome.reason === "callIdTaken") throw new ApiProblem(409, "conflict", t("authorize.callIdTaken", { callId: body.callId }));
    return {
      allowed: false as const,
      ...common,
      result: outcome.result,
      reason: snake(outcome.reason),
      message: message(outcome.reason, outcome.level, { account: body.account, cld: body.cld }, t),
      ...(outcome.level === undefined ? {} : { level: outcome.level }),
    };
  },
);
