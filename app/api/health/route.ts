// GET /api/health: 200 {"status":"ok","database":"ok"} when this instance can
// serve (the database answered a query), else 503 (lib/observability/health.ts).
// For load balancers and uptime checks; open to anyone, it reveals nothing.
import { connection } from "next/server";
import { db } from "@/lib/db/client";
import { healthResponse } from "@/lib/observability/health";

export async function GET() {
  await connection(); // answered per request, never at build time
  return healthResponse(() => db.$pool);
}
