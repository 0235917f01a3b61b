// The XML-RPC API is a protocol adapter over the domain: the domain (lib/),
// the UI (components/) and the web routes never import protocol code, so the
// protocol can change without touching them. Only lib/xmlrpc itself and its
// route (app/xmlapi) may.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const PROTOCOL = join(ROOT, "lib/xmlrpc");
const ALLOWED = [PROTOCOL, join(ROOT, "app/xmlapi")];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "generated") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports (static, dynamic and side-effect imports, re-exports). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) found.push(m[1]!);
  return found;
}

function resolvesIntoProtocol(file: string, specifier: string): boolean {
  const target = specifier.startsWith("@/")
    ? join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? resolve(dirname(file), specifier)
      : null;
  return target !== null && (target === PROTOCOL || target.startsWith(PROTOCOL + "/"));
}

describe("protocol boundary", () => {
  it("finds the imports it looks for", () => {
    expect(specifiers(`import { a } from "@/lib/xmlrpc/digest";\nexport * from './x';\nawait import("../y");`)).toEqual([
      "@/lib/xmlrpc/digest",
      "./x",
      "../y",
    ]);
    expect(resolvesIntoProtocol(join(ROOT, "lib/customers/customers.ts"), "@/lib/xmlrpc/digest")).toBe(true);
    expect(resolvesIntoProtocol(join(ROOT, "lib/customers/customers.ts"), "../xmlrpc/digest")).toBe(true);
    expect(resolvesIntoProtocol(join(ROOT, "lib/customers/customers.ts"), "@/lib/auth/api-password")).toBe(false);
  });

  it("no module outside lib/xmlrpc and its route imports protocol code", () => {
    const offenders = ["lib", "components", "app"]
      .flatMap((dir) => sources(join(ROOT, dir)))
      .filter((file) => !ALLOWED.some((dir) => file.startsWith(dir + "/")))
      // Tests may drive the API as a client would (the access matrix probes its login).
      .filter((file) => !/\.test\.tsx?$/.test(file))
      .flatMap((file) =>
        specifiers(readFileSync(file, "utf8"))
          .filter((s) => resolvesIntoProtocol(file, s))
          .map((s) => `${relative(ROOT, file)} imports ${s}`),
      );
    expect(offenders).toEqual([]);
  });
});
