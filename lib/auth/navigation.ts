// What the navigation offers a viewer. System-wide pages (the audit log) are
// Root's alone until rights can be delegated.
import type { Viewer } from "./viewer";

export interface NavItem {
  href: string;
  label: "customers" | "auditLog";
}

export function navigationFor(viewer: Pick<Viewer, "isRoot">): NavItem[] {
  const items: NavItem[] = [{ href: "/customers", label: "customers" }];
  if (viewer.isRoot) items.push({ href: "/audit", label: "auditLog" });
  return items;
}
