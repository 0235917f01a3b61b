// The server action wrapper for the system settings: serverAction's steps
// (principalAction), judged by the `system` rule through requireSystem, so a
// viewer without it is answered "not found" (never "no right": nobody learns
// the settings exist). The domain functions ask requireSystem again.
import "server-only";
import type { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import type { Action } from "@/lib/access/rules";
import { requireSystem } from "@/lib/system/system-access";
import { principalAction, type ActionContext, type PrincipalActionSpec, type ServerAction } from "./server-action";

type Schema = z.ZodType;

export interface SystemActionSpec<K extends readonly string[], S extends Schema | undefined> extends PrincipalActionSpec<import("@/lib/auth/viewer").Viewer, K, S> {
  access: Action<"system">;
}

export function systemAction<const K extends readonly string[] = [], S extends Schema | undefined = undefined, T = unknown>(
  spec: SystemActionSpec<K, S>,
  run: (context: ActionContext<K, S>) => Promise<T>,
): ServerAction<K, S, T> {
  return principalAction(
    requireViewer,
    (viewer) => requireSystem(viewer, spec.access),
    spec,
    ({ principal, ...rest }) => run({ viewer: principal, ...rest }),
  );
}
