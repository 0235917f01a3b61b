// GET /api/v1/active-calls: the calls in progress in the key owner's subtree.
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { listActiveCalls } from "@/lib/calls/active-calls";

export const GET = apiRoute(
  {
    method: "GET",
    path: "/api/v1/active-calls",
    operationId: "listActiveCalls",
    tag: "Calls",
    summary: "Calls in progress in the key owner's subtree, newest first",
    description: "Authorized calls whose record has not arrived and which have not expired.",
    access: ["call", "view"],
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: "How many calls to list (1 to 1000, default 100)." }),
      account: z.string().trim().min(1).max(64).optional().meta({ description: "Only this account's calls (username, case-insensitive)." }),
    }),
    response: z.object({
      count: z.int().meta({ description: "How many active calls match, in all." }),
      calls: z.array(
        z.object({
          callId: z.string(),
          account: z.string(),
          cli: z.string(),
          cld: z.string(),
          maxDuration: z.int(),
          authorizedAt: z.iso.datetime(),
          expiresAt: z.iso.datetime(),
        }),
      ),
    }),
  },
  async ({ viewer, query }) => {
    const page = await listActiveCalls(viewer, query);
    return {
      count: page.count,
      calls: page.calls.map((c) => ({
        callId: c.callId,
        account: c.account,
        cli: c.cli,
        cld: c.cld,
        maxDuration: c.maxDuration,
        authorizedAt: c.authorizedAt.toISOString(),
        expiresAt: c.expiresAt.toISOString(),
      })),
    };
  },
);
