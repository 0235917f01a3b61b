"use server";
// Server actions of the self-care page: the account acts on itself only.
// Same steps as every customer action (lib/actions/server-action.ts), with
// the signed-in account as principal: a customer's session, or nobody's, is
// sent to its own start page and nothing runs; there is no id argument (the
// account is the session's), so none can be forged.
import { requireAccount, type AccountPrincipal } from "@/lib/auth/viewer";
import { renewSessionCookie } from "@/lib/auth/session-cookie";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { changePasswordSchema, selfCareSettingsSchema } from "@/lib/accounts/self-care-schema";
import { changeSelfCarePassword, updateSelfCareSettings } from "@/lib/accounts/self-care";
import { principalAction, type PrincipalActionSpec, type PrincipalContext } from "./server-action";
import type { z } from "zod";

type Schema = z.ZodType;

/** An account's action: what `serverAction` is for customers, with nothing to authorize beyond being the account. */
function selfCareAction<S extends Schema | undefined, T>(
  spec: PrincipalActionSpec<AccountPrincipal, [], S>,
  run: (context: PrincipalContext<AccountPrincipal, [], S>) => Promise<T>,
) {
  return principalAction(requireAccount, () => {}, spec, run);
}

const PAGE = { path: "/self-care", layout: true };

export const updateSelfCareSettingsAction = selfCareAction(
  { input: () => selfCareSettingsSchema, revalidate: PAGE },
  ({ principal, ip, input }) => updateSelfCareSettings(principal, input, ip),
);

export const changeSelfCarePasswordAction = selfCareAction(
  { input: (account) => changePasswordSchema(account.username), revalidate: PAGE },
  async ({ principal, ip, input }) => {
    const { sessionVersion } = await changeSelfCarePassword(principal, input, ip);
    // Every other session of the account has ended; this one goes on with the new version.
    await renewSessionCookie({ sv: sessionVersion }, SESSION_MAX_AGE_SECONDS);
    return { changed: true };
  },
);
