// What the navigation offers a viewer: a page appears only when the access
// rules let the viewer use it (the audit log and API keys: Root, or the system right).
import { holdsRightFor, type Principal } from "@/lib/access/access";
import { maySystem } from "@/lib/system/system-access";

export interface NavItem {
  href: string;
  label: "dashboard" | "customers" | "accounts" | "vouchers" | "calls" | "activeCalls" | "tariffs" | "exchangeRates" | "myAccount" | "auditLog" | "apiKeys" | SystemLabel;
}

type SystemLabel = "vendors" | "destinationSets" | "routingGroups" | "routeTest";

/**
 * The system settings (docs/domain.md, "Routing"): Root, or a delegate
 * directly under Root holding system_mgmt. Anyone else never sees a link,
 * and the pages themselves answer "not found".
 */
const SYSTEM_ITEMS: { href: string; label: SystemLabel }[] = [
  { href: "/system/vendors", label: "vendors" },
  { href: "/system/destination-sets", label: "destinationSets" },
  { href: "/system/routing-groups", label: "routingGroups" },
  { href: "/system/route-test", label: "routeTest" },
];

const VOUCHER_ACTIONS = ["create", "edit", "delete"] as const;

export function navigationFor(viewer: Principal): NavItem[] {
  const items: NavItem[] = [
    // The home page: the viewer's figures, each a link to the list behind it.
    { href: "/", label: "dashboard" },
    { href: "/customers", label: "customers" },
    // Every customer may own accounts (its rights decide what it may change there).
    { href: "/accounts", label: "accounts" },
    // Vouchers: offered to whoever may create, change or delete them (or Root); the
    // page itself answers anyone, with their own batches only (there may be old ones).
    ...(VOUCHER_ACTIONS.some((action) => holdsRightFor(viewer, "voucher", action)) ? [{ href: "/vouchers", label: "vouchers" } as const] : []),
    // Every customer sees the calls through it (its own view: revenue, cost, margin).
    { href: "/calls", label: "calls" },
    { href: "/active-calls", label: "activeCalls" },
    { href: "/tariffs", label: "tariffs" },
    { href: "/exchange-rates", label: "exchangeRates" },
    { href: "/account", label: "myAccount" },
  ];
  if (holdsRightFor(viewer, "audit", "read")) items.push({ href: "/audit", label: "auditLog" });
  // Keys to the JSON API: Root, or delegated with the system right.
  if (holdsRightFor(viewer, "apiKey", "list")) items.push({ href: "/api-keys", label: "apiKeys" });
  if (maySystem(viewer, "view")) items.push(...SYSTEM_ITEMS);
  return items;
}
