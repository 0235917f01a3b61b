// The one way a server action is written. Every action: resolves the viewer
// from the session (never from the client), checks the ids it was given
// (anything but a record id is "not found", before the database sees it),
// parses its input with the form's own schema, asks the access module for the
// right the action needs, runs the domain function (which scopes its SQL by
// the same rule), revalidates the pages it changed, and maps the outcome to
// the form's result. Domain refusals become typed problems beside their
// fields; anything unexpected is logged on the server and reaches the person
// only as "nothing was changed, try again".
import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { requestAddress } from "@/lib/auth/request-address";
import { requireRightFor } from "@/lib/access/access";
import type { Action, Resource } from "@/lib/access/rules";
import { isRecordId } from "@/lib/db/record-id";
import { requestLogger } from "@/lib/observability/request-log";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { InputError, parseInput } from "@/lib/forms/parse-input";
import { fail, ok, type ActionResult } from "./result";

type Ids<K extends readonly string[]> = { [I in keyof K]: number };
type Schema = z.ZodType;

export interface ActionContext<K extends readonly string[], S extends Schema | undefined> {
  viewer: Viewer;
  ip: string | null;
  ids: Record<K[number], number>;
  input: S extends Schema ? z.output<S> : undefined;
}

export interface ActionSpec<K extends readonly string[], S extends Schema | undefined, R extends Resource> {
  /** The names of the leading id arguments, in order. */
  ids?: K;
  /** The input's schema: the same one the dialog validates with, built for this viewer. */
  input?: (viewer: Viewer, ids: Record<K[number], number>) => S | Promise<S>;
  /** The rule the action is judged by (the domain function scopes its rows by the same rule). */
  access: [R, Action<R>];
  /** The page to refresh after a success (`layout`: everything below it too). */
  revalidate?: { path: string | ((ids: Record<K[number], number>) => string); layout?: boolean };
}

export type ServerAction<K extends readonly string[], S extends Schema | undefined, T> = (
  ...args: S extends Schema ? [...Ids<K>, z.input<S>] : Ids<K>
) => Promise<ActionResult<T>>;

export function serverAction<const K extends readonly string[] = [], S extends Schema | undefined = undefined, R extends Resource = Resource, T = unknown>(
  spec: ActionSpec<K, S, R>,
  run: (context: ActionContext<K, S>) => Promise<T>,
): ServerAction<K, S, T> {
  return (async (...args: unknown[]) => {
    try {
      const viewer = await requireViewer();
      const names = spec.ids ?? ([] as unknown as K);
      const ids = {} as Record<K[number], number>;
      names.forEach((name, index) => {
        // A forged or mistyped id names nothing: "not found", like a missing record.
        if (!isRecordId(args[index])) throw new DomainError(problem("notFound"));
        ids[name as K[number]] = args[index] as number;
      });
      requireRightFor(viewer, spec.access[0], spec.access[1]);
      const input = spec.input ? parseInput((await spec.input(viewer, ids))!, args[names.length]) : undefined;
      const result = await run({ viewer, ip: await requestAddress(), ids, input } as ActionContext<K, S>);
      if (spec.revalidate) {
        const { path, layout } = spec.revalidate;
        revalidatePath(typeof path === "function" ? path(ids) : path, layout ? "layout" : undefined);
      }
      return ok(result);
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() keep working
      if (error instanceof InputError) return { ok: false, fieldErrors: error.fieldErrors };
      if (error instanceof DomainError) {
        return error.field ? { ok: false, fieldErrors: { [error.field]: error.problem } } : fail(error.problem);
      }
      (await requestLogger()).error({ err: error }, "server action failed");
      return fail(problem("unexpected"));
    }
  }) as ServerAction<K, S, T>;
}
