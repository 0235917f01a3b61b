"use client";

import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import Link from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { TreeLevel, TreeMatch, TreeNode } from "@/lib/customers/tree";
import { formatMoney, STORED_SCALE } from "@/lib/money";

/** Where the tree starts: the levels already loaded (the viewer's own first, by parent id), the nodes open, the node focused. */
export interface TreeStart {
  viewerId: number;
  levels: [number, TreeLevel][];
  expanded: number[];
  focus: number | null;
}

type Level = TreeLevel & { loading?: boolean; failed?: boolean };
/** One visible row of the tree: a customer, or the "show more" row at the end of a level that has more. */
type Row = { kind: "node"; node: TreeNode; level: number; parent: number; pos: number; size: number } | { kind: "more"; parent: number; level: number; shown: number; total: number };

const ROOT = 0;
const key = (row: Row) => (row.kind === "node" ? `n${row.node.id}` : `m${row.parent}`);

async function fetchLevel(parent: number, cursor: { after?: number; from?: number } = {}): Promise<TreeLevel> {
  const query = new URLSearchParams({
    ...(parent === ROOT ? {} : { parent: String(parent) }),
    ...(cursor.after ? { after: String(cursor.after) } : {}),
    ...(cursor.from ? { from: String(cursor.from) } : {}),
  });
  const response = await fetch(`/customers/tree/children?${query.toString()}`, { cache: "no-store" });
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as TreeLevel;
}

/**
 * The viewer's whole subtree as a WAI-ARIA tree: one level loaded at a time
 * (a page of 100 children, "show more" for the next), each node with its
 * balance, state and counts. Keyboard: Up/Down move, Right opens (or goes to
 * the first child), Left closes (or goes to the parent), Home/End, Enter
 * opens the customer's page. One item is in the Tab order (roving tabindex).
 * A search lists matches with their path; "Show in tree" opens the path down
 * to the match, each level starting at the branch that leads to it.
 */
export function CustomerTree({ initial }: { initial: TreeStart }) {
  const t = useTranslations("uxTree");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const [levels, setLevels] = useState<Map<number, Level>>(() => new Map(initial.levels.map(([parent, level]) => [parent === initial.viewerId ? ROOT : parent, level])));
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set(initial.expanded));
  const [focused, setFocused] = useState<string | null>(() => {
    const first = initial.focus ?? initial.levels[0]?.[1].nodes[0]?.id;
    return first ? `n${first}` : null;
  });
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<{ q: string; matches: TreeMatch[]; more: boolean } | null>(null);
  const [partial, setPartial] = useState(initial.focus !== null);
  const items = useRef(new Map<string, HTMLLIElement>());
  // The item to focus once it is rendered (after a reveal or a "show more" brought it): set, then taken by the effect.
  const pendingFocus = useRef<string | null>(initial.focus !== null ? `n${initial.focus}` : null);
  useEffect(() => {
    const wanted = pendingFocus.current;
    const element = wanted ? items.current.get(wanted) : undefined;
    if (element) {
      pendingFocus.current = null;
      element.focus();
    }
  });

  const load = useCallback(async (parent: number, cursor: { after?: number; from?: number } = {}, append = false) => {
    setLevels((all) => {
      const now = all.get(parent);
      return new Map(all).set(parent, { ...(now ?? { nodes: [], total: 0, next: null }), loading: true, failed: false });
    });
    try {
      const page = await fetchLevel(parent, cursor);
      setLevels((all) => {
        const now = all.get(parent);
        const nodes = append && now ? [...now.nodes, ...page.nodes] : page.nodes;
        return new Map(all).set(parent, { ...page, nodes });
      });
      return page;
    } catch {
      setLevels((all) => new Map(all).set(parent, { ...(all.get(parent) ?? { nodes: [], total: 0, next: null }), loading: false, failed: true }));
      return null;
    }
  }, []);

  /** Opens the path down to a node: each level loaded starting at the branch to it, then focus on the node. */
  const revealPath = useCallback(
    async (path: { id: number }[]) => {
      if (!path.length) return;
      setPartial(true);
      const open = new Set<number>();
      let parent = ROOT;
      for (const step of path) {
        const page = await load(parent, { from: step.id });
        if (!page) return;
        if (parent !== ROOT) open.add(parent);
        parent = step.id;
      }
      setExpanded(open);
      setFocused(`n${path.at(-1)!.id}`);
      pendingFocus.current = `n${path.at(-1)!.id}`;
    },
    [load],
  );


  // The visible rows, in order: what Up / Down walk through.
  const rows: Row[] = [];
  const walk = (parent: number, depth: number) => {
    const level = levels.get(parent);
    if (!level) return;
    level.nodes.forEach((node, i) => {
      rows.push({ kind: "node", node, level: depth, parent, pos: i + 1, size: level.total });
      if (expanded.has(node.id)) walk(node.id, depth + 1);
    });
    if (level.next !== null) rows.push({ kind: "more", parent, level: depth, shown: level.nodes.length, total: level.total });
  };
  walk(ROOT, 1);
  const focusKey = focused && rows.some((r) => key(r) === focused) ? focused : rows[0] ? key(rows[0]) : null;

  const moveTo = (row: Row | undefined) => {
    if (!row) return;
    setFocused(key(row));
    items.current.get(key(row))?.focus();
  };

  const toggle = (node: TreeNode, open: boolean) => {
    const next = new Set(expanded);
    if (open) {
      next.add(node.id);
      if (!levels.has(node.id)) void load(node.id);
    } else next.delete(node.id);
    setExpanded(next);
  };

  /** The next page of a level; focus moves to its first new child (the "show more" item may be gone). */
  const more = async (parent: number) => {
    const level = levels.get(parent);
    if (!level?.next || level.loading) return;
    const page = await load(parent, { after: level.next }, true);
    const first = page?.nodes[0];
    if (first) {
      setFocused(`n${first.id}`);
      pendingFocus.current = `n${first.id}`;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, row: Row, index: number) => {
    // Keys on the links and buttons inside a node are theirs.
    if (event.target !== event.currentTarget) return;
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case "ArrowDown":
        handled();
        return moveTo(rows[index + 1]);
      case "ArrowUp":
        handled();
        return moveTo(rows[index - 1]);
      case "Home":
        handled();
        return moveTo(rows[0]);
      case "End":
        handled();
        return moveTo(rows.at(-1));
      case "ArrowRight":
        handled();
        if (row.kind !== "node" || row.node.subCustomers === 0) return;
        if (!expanded.has(row.node.id)) return toggle(row.node, true);
        return moveTo(rows[index + 1]?.level === row.level + 1 ? rows[index + 1] : undefined);
      case "ArrowLeft": {
        handled();
        if (row.kind === "node" && expanded.has(row.node.id)) return toggle(row.node, false);
        return moveTo(rows.find((r) => r.kind === "node" && r.node.id === row.parent));
      }
      case "Enter":
      case " ":
        handled();
        if (row.kind === "more") return void more(row.parent);
        if (event.key === "Enter") return router.push(`/customers/${row.node.id}`);
        return toggle(row.node, !expanded.has(row.node.id));
    }
  };

  const runSearch = async (q: string) => {
    if (!q.trim()) return setSearch(null);
    const response = await fetch(`/customers/tree/search?q=${encodeURIComponent(q.trim())}`, { cache: "no-store" }).catch(() => null);
    if (!response?.ok) return setSearch({ q, matches: [], more: false });
    const found = (await response.json()) as { matches: TreeMatch[]; more: boolean };
    setSearch({ q: q.trim(), ...found });
  };

  const showAll = async () => {
    setSearch(null);
    setQuery("");
    setPartial(false);
    setExpanded(new Set());
    setLevels(new Map());
    const page = await load(ROOT);
    if (page?.nodes[0]) setFocused(`n${page.nodes[0].id}`);
  };

  const money = (amount: string, currency: string) => formatMoney({ amount: BigInt(amount), scale: STORED_SCALE, currency }, locale);

  const renderRows = (parent: number, depth: number): ReactNode => {
    const level = levels.get(parent);
    if (!level) return null;
    return (
      <>
        {level.nodes.map((node, i) => {
          const k = `n${node.id}`;
          const index = rows.findIndex((r) => key(r) === k);
          const row = rows[index]!;
          const open = expanded.has(node.id);
          const children = levels.get(node.id);
          return (
            <li
              key={k}
              ref={(el) => {
                if (el) items.current.set(k, el);
                else items.current.delete(k);
              }}
              role="treeitem"
              aria-level={depth}
              aria-setsize={level.total}
              aria-posinset={i + 1}
              aria-expanded={node.subCustomers > 0 ? open : undefined}
              aria-selected={focusKey === k}
              // Named by its own row (name, state, balance, counts: what is seen), not by the name alone, which
              // would hide the rest of the visible text from the name (WCAG 2.5.3); its children name themselves.
              aria-labelledby={`tree-row-${k}`}
              tabIndex={focusKey === k ? 0 : -1}
              onKeyDown={(e) => onKeyDown(e, row, index)}
              onFocus={(e) => e.target === e.currentTarget && setFocused(k)}
              className="outline-none focus-visible:[&>div]:ring-2 focus-visible:[&>div]:ring-brand-600"
              data-testid="tree-node"
            >
              <div id={`tree-row-${k}`} className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded px-2 py-1 ${focusKey === k ? "bg-brand-50" : ""}`}>
                {node.subCustomers > 0 ? (
                  <button
                    type="button"
                    tabIndex={-1}
                    aria-hidden
                    className="w-5 text-slate-600"
                    onClick={() => {
                      toggle(node, !open);
                      setFocused(k);
                    }}
                  >
                    {open ? "▾" : "▸"}
                  </button>
                ) : (
                  <span className="w-5" aria-hidden />
                )}
                <Link href={`/customers/${node.id}`} tabIndex={-1} className="font-medium text-brand-700 hover:underline">
                  {node.name}
                </Link>
                {node.blocked ? <span className="rounded bg-red-100 px-1.5 text-xs text-red-800">{t("treeBlocked")}</span> : null}
                <span className="tabular-nums text-slate-800" data-testid="tree-balance">
                  {money(node.balance, node.currency)}
                </span>
                <span className="text-xs text-slate-600">
                  {node.subCustomers > 0 ? (
                    <Link href={`/customers?parent=${node.id}`} tabIndex={-1} className="underline">
                      {t("treeCounts", { customers: node.subCustomers, accounts: node.accounts })}
                    </Link>
                  ) : (
                    t("treeCounts", { customers: 0, accounts: node.accounts })
                  )}
                </span>
              </div>
              {open ? (
                <ul role="group" className="ml-5 border-l border-slate-200">
                  {children?.loading && !children.nodes.length ? (
                    <li role="none" className="px-2 py-1 pl-9 text-sm text-slate-500">
                      {t("treeLoading")}
                    </li>
                  ) : null}
                  {children?.failed ? (
                    <li role="none" className="px-2 py-1 pl-9 text-sm text-red-700">
                      {t("treeFailed")}
                    </li>
                  ) : null}
                  {renderRows(node.id, depth + 1)}
                </ul>
              ) : null}
            </li>
          );
        })}
        {level.next !== null ? (
          <li
            key={`m${parent}`}
            ref={(el) => {
              if (el) items.current.set(`m${parent}`, el);
              else items.current.delete(`m${parent}`);
            }}
            role="treeitem"
            aria-level={depth}
            aria-selected={focusKey === `m${parent}`}
            tabIndex={focusKey === `m${parent}` ? 0 : -1}
            onKeyDown={(e) => {
              const index = rows.findIndex((r) => key(r) === `m${parent}`);
              onKeyDown(e, rows[index]!, index);
            }}
            onFocus={(e) => e.target === e.currentTarget && setFocused(`m${parent}`)}
            onClick={() => void more(parent)}
            className={`cursor-pointer rounded px-2 py-1 pl-9 text-sm text-brand-700 underline outline-none focus-visible:ring-2 focus-visible:ring-brand-600 ${level.loading ? "opacity-60" : ""}`}
            data-testid="tree-more"
          >
            {level.loading ? t("treeLoading") : t("treeLoadMore", { shown: format.number(level.nodes.length), total: format.number(level.total) })}
          </li>
        ) : null}
      </>
    );
  };

  return (
    <div className="flex flex-col gap-4">
      <form
        role="search"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void runSearch(query);
        }}
      >
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          {t("treeSearch")}
          <input
            type="search"
            value={query}
            maxLength={100}
            onChange={(e) => setQuery(e.target.value)}
            className="w-72 max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100">
          {t("treeSearchButton")}
        </button>
        {search || partial ? (
          <button type="button" className="px-2 py-2 text-sm text-brand-700 underline" onClick={() => void showAll()}>
            {t("treeClear")}
          </button>
        ) : null}
      </form>
      {search ? (
        <section aria-live="polite" data-testid="tree-matches">
          {search.matches.length ? (
            <>
              <p className="mb-2 text-sm text-slate-700">{t("treeMatches", { count: search.matches.length, q: search.q, max: 50 })}</p>
              <ul className="flex flex-col gap-1 text-sm">
                {search.matches.map((m) => (
                  <li key={m.node.id} className="flex flex-wrap items-center gap-2">
                    <span className="text-slate-500">{m.path.map((p) => p.name).join(" › ")}{m.path.length ? " › " : ""}</span>
                    <span className="font-medium">{m.node.name}</span>
                    <button type="button" className="text-brand-700 underline" onClick={() => void revealPath([...m.path, { id: m.node.id }])}>
                      {t("treeShowIn")}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="text-sm text-slate-700">{t("treeNoMatches", { q: search.q })}</p>
          )}
        </section>
      ) : null}
      <ul role="tree" aria-label={t("treeLabel")} className="rounded-md border border-slate-200 bg-white py-2 text-sm" data-testid="customer-tree">
        {renderRows(ROOT, 1)}
      </ul>
    </div>
  );
}
