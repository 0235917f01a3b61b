import type { Viewer } from "./viewer";
import { DomainError } from "@/lib/forms/domain-error";
import { problem } from "@/lib/forms/problem";
import { hasRight, type RightName } from "@/lib/customers/rights";

/** Refuses, with a message naming the right, when the viewer's parent did not grant it. */
export function requireRight(viewer: Pick<Viewer, "rights">, right: RightName) {
  if (!hasRight(viewer.rights, right)) throw new DomainError(problem("noRight", { right }));
}
