// Which message-catalogue namespaces the browser needs, per page.
//
// next-intl hands client components their texts through NextIntlClientProvider,
// serialised into every page's flight data. The whole catalogue is ~80 KB (en)
// to ~130 KB (ru): most of a page's bytes. So the root layout sends only what
// the layouts' own client components use, and each page wraps itself in
// <PageMessages page="..."> (components/i18n/page-messages.tsx), which sends
// what that page's client components use. This script works that out from the
// sources: from each layout and page it follows the imports; below a
// "use client" module everything runs in the browser, and every
// useTranslations("namespace") there counts. A call with a computed namespace
// must name its possible namespaces on a line `// i18n-namespaces: a b`.
//
// `npm run i18n:namespaces` writes lib/i18n/client-namespaces.json; the unit
// test (scripts/client-namespaces.test.ts) fails when that file is stale or a
// page does not wrap itself, so a new text can never be missing in the browser.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");
export const OUTPUT = "lib/i18n/client-namespaces.json";

export interface ClientNamespaces {
  /** For the root layout's provider: every layout's, error page's, loading and not-found page's client components. */
  layouts: string[];
  /** Per page file (relative to the project): its client components' namespaces. */
  pages: Record<string, string[]>;
}

const EXTENSIONS = ["", ".tsx", ".ts", ".mjs", ".js", "/index.tsx", "/index.ts"];

function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = resolve(dirname(from), specifier);
  else return undefined; // a package: its texts are not ours
  for (const ext of EXTENSIONS) {
    const file = base + ext;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

interface ModuleFacts {
  client: boolean;
  imports: string[];
  namespaces: string[];
}

const facts = new Map<string, ModuleFacts>();

function read(file: string): ModuleFacts {
  const known = facts.get(file);
  if (known) return known;
  const source = readFileSync(file, "utf8");
  const client = /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(source);
  const imports: string[] = [];
  // Runtime imports and re-exports; `import type` brings no code.
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/g)) {
    const target = resolveImport(file, m[1]!);
    if (target) imports.push(target);
  }
  for (const m of source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) {
    const target = resolveImport(file, m[1]!);
    if (target) imports.push(target);
  }
  const namespaces = new Set<string>();
  for (const m of source.matchAll(/useTranslations\(\s*([^)]*?)\s*\)/g)) {
    const literal = /^["'`]([A-Za-z0-9_.]+)["'`]$/.exec(m[1]!);
    if (literal) {
      namespaces.add(literal[1]!.split(".")[0]!);
      continue;
    }
    const named = /\/\/ i18n-namespaces:([^\n]+)/.exec(source);
    if (!named) {
      throw new Error(
        `${relative(ROOT, file)}: useTranslations(${m[1]}) has a computed namespace: name them on a line "// i18n-namespaces: a b".`,
      );
    }
    for (const n of named[1]!.trim().split(/\s+/)) namespaces.add(n);
  }
  const result = { client, imports, namespaces: [...namespaces] };
  facts.set(file, result);
  return result;
}

/** The namespaces used in the browser by what `entry` renders. */
function namespacesOf(entry: string): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (file: string, inClient: boolean) => {
    const key = `${inClient}:${file}`;
    if (seen.has(key)) return;
    seen.add(key);
    const f = read(file);
    const client = inClient || f.client;
    if (client) for (const n of f.namespaces) found.add(n);
    for (const next of f.imports) walk(next, client);
  };
  walk(entry, false);
  return found;
}

function filesNamed(dir: string, names: Set<string>): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesNamed(path, names));
    else if (names.has(entry.name)) out.push(path);
  }
  return out.sort();
}

export function clientNamespaces(): ClientNamespaces {
  facts.clear();
  const app = join(ROOT, "app");
  const layouts = new Set<string>();
  for (const file of filesNamed(app, new Set(["layout.tsx", "template.tsx", "error.tsx", "loading.tsx", "not-found.tsx", "global-error.tsx"]))) {
    for (const n of namespacesOf(file)) layouts.add(n);
  }
  const pages: Record<string, string[]> = {};
  for (const file of filesNamed(app, new Set(["page.tsx"]))) {
    pages[relative(ROOT, file)] = [...namespacesOf(file)].sort();
  }
  return { layouts: [...layouts].sort(), pages };
}

export const serialise = (value: ClientNamespaces) => `${JSON.stringify(value, null, 2)}\n`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  writeFileSync(join(ROOT, OUTPUT), serialise(clientNamespaces()));
  console.log(`Wrote ${OUTPUT}.`);
}
