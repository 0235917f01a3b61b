// What the navigation offers a viewer. System-wide pages (the audit log) are
// Root's alone until rights can be delegated.
import type { Viewer } from "./viewer";

export interface NavItem {
  href: string;
  label: "customers" | "tariffs" | "exchangeRates" | "myAccount" | "auditLog";
}

export function navigationFor(viewer: Pick<Viewer, "isRoot">): NavItem[] {
  const items: NavItem[] = [
    { href: "/customers", label: "customers" },
    { href: "/tariffs", label: "tariffs" },
    { href: "/exchange-rates", label: "exchangeRates" },
    { href: "/account", label: "myAccount" },
  ];
  if (viewer.isRoot) items.push({ href: "/audit", label: "auditLog" });
  return items;
}
