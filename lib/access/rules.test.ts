// docs/domain.md shows the access rules as tables; the code holds them in
// lib/access/rules.ts. They must say the same thing, row for row.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACCESS_RULES, RELATIONS } from "./rules";
import { parseRulesMarkdown, renderRulesMarkdown, rulesAsRows } from "./rules-table";
import { allowedActions, customerScope, holdsRightFor, permits, tariffScope } from "./access";
import { ALL_RIGHTS, RIGHT_NAMES, toMask } from "@/lib/customers/rights";

const DOCS = readFileSync(new URL("../../docs/domain.md", import.meta.url), "utf8");

describe("the access rules table", () => {
  it("in docs/domain.md is the one in the code, every resource and action", () => {
    const documented = parseRulesMarkdown(DOCS);
    expect(documented).toEqual(rulesAsRows());
    expect(new Set(documented.map((r) => r.resource))).toEqual(new Set(Object.keys(RELATIONS)));
  });

  it("reads back what it renders (the parser is not blind)", () => {
    expect(parseRulesMarkdown(renderRulesMarkdown())).toEqual(rulesAsRows());
    // A changed cell is seen.
    const forged = renderRulesMarkdown().replace("| edit | — | yes | — | — | customers_edit |", "| edit | — | yes | yes | — | customers_edit |");
    expect(parseRulesMarkdown(forged)).not.toEqual(rulesAsRows());
  });

  it("names only relations its resource has and rights that exist", () => {
    for (const row of rulesAsRows()) {
      const relations = RELATIONS[row.resource as keyof typeof RELATIONS] as readonly string[];
      for (const relation of row.allow) expect(relations).toContain(relation);
      if (row.right) expect(RIGHT_NAMES).toContain(row.right);
    }
  });
});

describe("decisions", () => {
  const viewer = (rights: number, isRoot = false) => ({ id: 7, path: "/1/7/", rights, isRoot });

  it("allow exactly the relations of a rule, with its right", () => {
    const all = viewer(ALL_RIGHTS);
    expect(allowedActions(all, "customer", "child")).toMatchObject({ edit: true, funds: true, block: true, delete: true, view: true });
    expect(allowedActions(all, "customer", "descendant")).toMatchObject({ edit: false, funds: false, block: false, delete: false, view: true });
    expect(allowedActions(all, "customer", "outside")).toEqual(Object.fromEntries(Object.keys(ACCESS_RULES.customer).map((a) => [a, false])));
    expect(permits(viewer(ALL_RIGHTS & ~toMask(["customers_edit"])), "customer", "edit", "child")).toBe(false);
  });

  it("let Root read every audit record, a system manager its subtree's, nobody else any", () => {
    expect(holdsRightFor(viewer(0, true), "audit", "read")).toBe(true);
    expect(permits(viewer(0, true), "audit", "read", "outside")).toBe(true);
    expect(permits(viewer(toMask(["system_mgmt"])), "audit", "read", "descendant")).toBe(true);
    expect(permits(viewer(toMask(["system_mgmt"])), "audit", "read", "outside")).toBe(false);
    expect(holdsRightFor(viewer(ALL_RIGHTS & ~toMask(["system_mgmt"])), "audit", "read")).toBe(false);
  });

  it("refuse a missing right by name before any predicate is built", () => {
    expect(() => customerScope(viewer(0), "delete")).toThrowError("noRight?right=customers_delete");
    expect(() => tariffScope(viewer(0), "edit")).toThrowError("noRight?right=tariffs_edit");
    expect(() => customerScope(viewer(0), "view")).not.toThrow();
  });

  it("render predicates with numbered, typed placeholders after the caller's own", () => {
    const params: unknown[] = [42];
    expect(customerScope(viewer(ALL_RIGHTS), "funds").sql.render(params, "c")).toBe("(c.parent_id = $2::int) AND c.archived_at IS NULL");
    expect(params).toEqual([42, 7]);
    const range: unknown[] = [];
    expect(customerScope(viewer(0), "listChildren").sql.render(range)).toBe("(path >= $1::text AND path < $2::text) AND archived_at IS NULL");
    expect(range).toEqual(["/1/7/", "/1/70"]);
  });

  it("write their values in as quoted literals when a statement travels without parameters", () => {
    const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
    expect(customerScope(viewer(ALL_RIGHTS), "funds").sql.renderInline(quote, "c")).toBe("(c.parent_id = 7::int) AND c.archived_at IS NULL");
    expect(customerScope(viewer(0), "listChildren").sql.renderInline(quote)).toBe("(path >= '/1/7/'::text AND path < '/1/70'::text) AND archived_at IS NULL");
  });
});
