// Who is signed in, resolved on the server from the session cookie and
// re-loaded from the database on every request: a customer (the viewer,
// which every customer page, action and data function takes) or an account
// (its self-care page only). Nothing about either ever comes from the client.
import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import { loadViewer, type Viewer } from "./load-viewer";
import type { AccountPrincipal } from "./load-account";
import { accountForSession, readSessionClaims, viewerForSession } from "./sessions";
import { homePath } from "./home-path";

export { loadViewer, type Viewer, type AccountPrincipal };

export type SessionPrincipal = { kind: "customer"; viewer: Viewer } | { kind: "account"; account: AccountPrincipal };

/**
 * The session's principal, or null. A session ended by logout or past its
 * 12 hours, an archived or blocked customer or account, or a session from
 * before a password change resolves to nobody: its holder is logged out.
 */
export const getSessionPrincipal = cache(async (): Promise<SessionPrincipal | null> => {
  const claims = readSessionClaims((await getServerSession(authOptions))?.user);
  if (claims?.kind === "account") {
    const account = await accountForSession(claims);
    return account && { kind: "account", account };
  }
  const viewer = await viewerForSession(claims);
  return viewer && { kind: "customer", viewer };
});

/** The signed-in customer; null for nobody and for an account (an account is never a viewer). */
export async function getViewer(): Promise<Viewer | null> {
  const principal = await getSessionPrincipal();
  return principal?.kind === "customer" ? principal.viewer : null;
}

/** The viewer, or a redirect: an account to its self-care page, anyone else to the login page. */
export async function requireViewer(): Promise<Viewer> {
  const principal = await getSessionPrincipal();
  if (principal?.kind === "customer") return principal.viewer;
  redirect(principal ? homePath(principal.kind) : "/login");
}

/** The signed-in account, or a redirect: a customer to its pages, anyone else to the login page. */
export async function requireAccount(): Promise<AccountPrincipal> {
  const principal = await getSessionPrincipal();
  if (principal?.kind === "account") return principal.account;
  redirect(principal ? homePath(principal.kind) : "/login");
}

/** The signed-in principal's language and time zone (lib/i18n/request.ts), or null before login. */
export async function getSessionPreferences(): Promise<{ language: string; timeZone: string } | null> {
  const principal = await getSessionPrincipal();
  if (!principal) return null;
  const { language, timeZone } = principal.kind === "customer" ? principal.viewer : principal.account;
  return { language, timeZone };
}
