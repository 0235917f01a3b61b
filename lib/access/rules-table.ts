// The access rules as the Markdown tables of docs/domain.md ("Access rules"),
// and back. The docs show the rules in this form; the unit test checks that
// the page and lib/access/rules.ts agree, and the authorization matrix reads
// its expectations from the page itself.
import { ACCESS_RULES, RELATIONS, type Resource, type Rule } from "./rules";

const YES = "yes";
const NO = "—";

/** One table per resource: an action per row, a relation per column, then the right and Root's exception. */
export function renderRulesMarkdown(): string {
  return (Object.keys(ACCESS_RULES) as Resource[])
    .map((resource) => {
      const relations = RELATIONS[resource] as readonly string[];
      const head = `| ${resource} | ${relations.join(" | ")} | right | Root sees all |`;
      const line = `|${" --- |".repeat(relations.length + 3)}`;
      const rows = Object.entries(ACCESS_RULES[resource] as Record<string, Rule<Resource>>).map(([action, rule]) => {
        const cells = relations.map((r) => ((rule.allow as readonly string[]).includes(r) ? YES : NO));
        return `| ${action} | ${cells.join(" | ")} | ${rule.right ?? NO} | ${rule.root ? YES : NO} |`;
      });
      return [head, line, ...rows].join("\n");
    })
    .join("\n\n");
}

export interface RuleRow {
  resource: string;
  action: string;
  allow: string[];
  right: string | null;
  root: boolean;
}

/** Reads the tables back from a Markdown page: every table whose first header cell names a resource. */
export function parseRulesMarkdown(markdown: string): RuleRow[] {
  const rows: RuleRow[] = [];
  let header: string[] | null = null;
  for (const raw of markdown.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("|")) {
      header = null;
      continue;
    }
    const cells = line.slice(1, -1).split("|").map((c) => c.trim());
    if (!header) {
      header = cells[0]! in RELATIONS && cells.at(-2) === "right" && cells.at(-1) === "Root sees all" ? cells : [];
      continue;
    }
    if (header.length === 0 || cells.every((c) => /^-+$/.test(c))) continue;
    const relations = header.slice(1, -2);
    rows.push({
      resource: header[0]!,
      action: cells[0]!,
      allow: relations.filter((_, i) => cells[i + 1] === YES),
      right: cells.at(-2) === NO ? null : cells.at(-2)!,
      root: cells.at(-1) === YES,
    });
  }
  return rows;
}

/** The rules of lib/access/rules.ts in the same shape, for comparison. */
export function rulesAsRows(): RuleRow[] {
  return (Object.keys(ACCESS_RULES) as Resource[]).flatMap((resource) =>
    Object.entries(ACCESS_RULES[resource] as Record<string, Rule<Resource>>).map(([action, rule]) => ({
      resource,
      action,
      allow: [...(rule.allow as readonly string[])],
      right: rule.right ?? null,
      root: rule.root === true,
    })),
  );
}
