"use server";
// Logging in as a sub-customer and back (lib/auth/impersonation.ts holds the
// rule and the audit). Each action re-issues the session cookie: the token's
// principal becomes the impersonated customer with `imp` naming the real one,
// and back. The viewer comes from the session, never from the client; the
// browser then loads the next page in full, so nothing rendered for the
// other customer stays in the router's cache.
import { getServerSession } from "next-auth";
import { requireViewer } from "@/lib/auth/viewer";
import { authOptions } from "@/lib/auth/options";
import { requestAddress } from "@/lib/auth/request-address";
import { readSessionClaims, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { renewSessionCookie } from "@/lib/auth/session-cookie";
import { endImpersonation, startImpersonation, type StartRefusal } from "@/lib/auth/impersonation";
import { requestLogger } from "@/lib/observability/request-log";
import { rememberWrite } from "@/lib/db/replica";

export type ImpersonationResult = { ok: true; url: string } | { ok: false; reason: StartRefusal | "failed" };

export async function logInAsCustomer(customerId: number): Promise<ImpersonationResult> {
  const viewer = await requireViewer();
  try {
    const claims = readSessionClaims((await getServerSession(authOptions))?.user);
    if (!claims) return { ok: false, reason: "failed" };
    const result = await startImpersonation(viewer, Number(customerId), await requestAddress()).finally(rememberWrite);
    if (!result.ok) return result;
    const { id, sv, name } = result.target;
    const renewed = await renewSessionCookie({ sub: String(id), sv, name, imp: { id: viewer.id, sv: claims.sv } }, SESSION_MAX_AGE_SECONDS);
    return renewed ? { ok: true, url: "/" } : { ok: false, reason: "failed" };
  } catch (error) {
    (await requestLogger()).error({ err: error }, "log in as a customer failed");
    return { ok: false, reason: "failed" };
  }
}

export async function returnToOwnSession(): Promise<ImpersonationResult> {
  const viewer = await requireViewer();
  try {
    const claims = readSessionClaims((await getServerSession(authOptions))?.user);
    if (!claims?.imp || !viewer.impersonator) return { ok: true, url: "/" };
    await endImpersonation(viewer, await requestAddress()).finally(rememberWrite); // its audit row, on the next page
    const renewed = await renewSessionCookie(
      { sub: String(claims.imp.id), sv: claims.imp.sv, name: viewer.impersonator.name, imp: undefined },
      SESSION_MAX_AGE_SECONDS,
    );
    // Back where the operator left: the customer it was logged in as.
    return renewed ? { ok: true, url: `/customers/${viewer.id}` } : { ok: false, reason: "failed" };
  } catch (error) {
    (await requestLogger()).error({ err: error }, "return from a customer's session failed");
    return { ok: false, reason: "failed" };
  }
}
