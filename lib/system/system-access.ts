// The one gate of the system settings (docs/domain.md, "Access rules",
// resource `system`): Root, or a customer directly under Root holding
// system_mgmt. Everyone else is answered exactly like a page that does not
// exist: "not found", never "no right", so nobody learns the settings exist.
import { permits, systemRelation, type Principal } from "@/lib/access/access";
import type { Action } from "@/lib/access/rules";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";

/** Whether the viewer may `action` the system settings (links and buttons ask this). */
export function maySystem(viewer: Principal, action: Action<"system">): boolean {
  return permits(viewer, "system", action, systemRelation(viewer));
}

/** Refuses with "not found" unless the viewer may `action` the system settings. */
export function requireSystem(viewer: Principal, action: Action<"system">): void {
  if (!maySystem(viewer, action)) throw new DomainError(problem("notFound"));
}
