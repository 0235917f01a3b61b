// The one way a server action is written (`serverAction` for customers; the
// self-care page's actions use the same steps through `principalAction`, with
// the account as principal). Every action: resolves the viewer
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
import { rememberWrite } from "@/lib/db/replica";
import { requestLogger } from "@/lib/observability/request-log";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { parseInput } from "@/lib/forms/parse-input";
import { fail, ok, refusalOf, type ActionResult } from "./result";

type Ids<K extends readonly string[]> = { [I in keyof K]: number };
type Schema = z.ZodType;
type IdMap<K extends readonly string[]> = Record<K[number], number>;

/** What any action's run gets: its principal (a customer viewer, or a self-care account), the client address, ids and input. */
export interface PrincipalContext<P, K extends readonly string[], S extends Schema | undefined> {
  principal: P;
  ip: string | null;
  ids: IdMap<K>;
  input: S extends Schema ? z.output<S> : undefined;
}

export interface PrincipalActionSpec<P, K extends readonly string[], S extends Schema | undefined> {
  /** The names of the leading id arguments, in order. */
  ids?: K;
  /** The input's schema: the same one the form validates with, built for this principal. */
  input?: (principal: P, ids: IdMap<K>) => S | Promise<S>;
  /** The page to refresh after a success (`layout`: everything below it too). */
  revalidate?: { path: string | ((ids: IdMap<K>) => string); layout?: boolean };
}

export type ServerAction<K extends readonly string[], S extends Schema | undefined, T> = (
  ...args: S extends Schema ? [...Ids<K>, z.input<S>] : Ids<K>
) => Promise<ActionResult<T>>;

/**
 * The wrapper's steps for any kind of principal: `resolve` finds it in the
 * session (or redirects), `authorize` refuses what it may not do at all;
 * then the ids are checked, the input parsed, `run` runs, the page is
 * revalidated and the outcome mapped to the form's result.
 */
export function principalAction<P, const K extends readonly string[] = [], S extends Schema | undefined = undefined, T = unknown>(
  resolve: () => Promise<P>,
  authorize: (principal: P) => void,
  spec: PrincipalActionSpec<P, K, S>,
  run: (context: PrincipalContext<P, K, S>) => Promise<T>,
): ServerAction<K, S, T> {
  return (async (...args: unknown[]) => {
    try {
      const principal = await resolve();
      const names = spec.ids ?? ([] as unknown as K);
      const ids = {} as IdMap<K>;
      names.forEach((name, index) => {
        // A forged or mistyped id names nothing: "not found", like a missing record.
        if (!isRecordId(args[index])) throw new DomainError(problem("notFound"));
        ids[name as K[number]] = args[index] as number;
      });
      authorize(principal);
      const input = spec.input ? parseInput((await spec.input(principal, ids))!, args[names.length]) : undefined;
      const ip = await requestAddress();
      // Read-your-writes: the next page may read the standby only once it has this change (even a
      // refused or failed run may have written part of its work, e.g. a bulk run's first customers).
      const result = await run({ principal, ip, ids, input } as PrincipalContext<P, K, S>).finally(rememberWrite);
      if (spec.revalidate) {
        const { path, layout } = spec.revalidate;
        revalidatePath(typeof path === "function" ? path(ids) : path, layout ? "layout" : undefined);
      }
      return ok(result);
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() keep working
      if (error instanceof DomainError) return refusalOf(error);
      (await requestLogger()).error({ err: error }, "server action failed");
      return fail(problem("unexpected"));
    }
  }) as ServerAction<K, S, T>;
}

export interface ActionContext<K extends readonly string[], S extends Schema | undefined> {
  viewer: Viewer;
  ip: string | null;
  ids: IdMap<K>;
  input: S extends Schema ? z.output<S> : undefined;
}

export interface ActionSpec<K extends readonly string[], S extends Schema | undefined, R extends Resource> extends PrincipalActionSpec<Viewer, K, S> {
  /** The rule the action is judged by (the domain function scopes its rows by the same rule). */
  access: [R, Action<R>];
}

/**
 * A customer's server action. An account's session has no viewer:
 * requireViewer sends it to its self-care page, and nothing runs.
 */
export function serverAction<const K extends readonly string[] = [], S extends Schema | undefined = undefined, R extends Resource = Resource, T = unknown>(
  spec: ActionSpec<K, S, R>,
  run: (context: ActionContext<K, S>) => Promise<T>,
): ServerAction<K, S, T> {
  return principalAction(
    requireViewer,
    (viewer) => requireRightFor(viewer, spec.access[0], spec.access[1]),
    spec,
    ({ principal, ...rest }) => run({ viewer: principal, ...rest }),
  );
}
