import { useTranslations } from "next-intl";
import type { AccountState } from "@/lib/accounts/account-state";

const TONES: Record<AccountState, string> = {
  active: "bg-emerald-100 text-emerald-800",
  blocked: "bg-slate-200 text-slate-800",
  expired: "bg-amber-100 text-amber-900",
  overLimit: "bg-red-100 text-red-800",
};

// Shared: rendered on the server by the account page and in the browser by the accounts table.
/** An account's one state (lib/accounts/account-state.ts: blocked, then expired, then over limit, else active). */
export function AccountStateBadge({ state }: { state: AccountState }) {
  const t = useTranslations("accounts");
  // Wraps between its words when a table is short of room ("Превышен" / "лимит"), never inside one.
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold wrap-normal ${TONES[state]}`} data-testid="account-state">
      {t(`states.${state}`)}
    </span>
  );
}
