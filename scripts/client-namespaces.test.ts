// The catalogue the browser gets is complete for every page: the generated
// namespace list matches the sources, and every page sends its own.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import en from "../messages/en.json";
import { OUTPUT, clientNamespaces, serialise } from "./client-namespaces";

describe("client catalogue namespaces", () => {
  const fresh = clientNamespaces();

  it("lib/i18n/client-namespaces.json is what the sources use (else: npm run i18n:namespaces)", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(serialise(fresh));
  });

  it("finds the namespaces of client components a page reaches through server components", () => {
    // customers page -> CustomersSection (server) -> CustomersTable ("use client") -> MaintenanceDialog
    expect(fresh.pages["app/(app)/customers/(list)/page.tsx"]).toEqual(expect.arrayContaining(["customers", "maintenance", "problems"]));
    // a computed namespace named on its i18n-namespaces line
    expect(fresh.pages["app/(app)/system/destination-sets/[id]/page.tsx"]).toEqual(expect.arrayContaining(["destinationSets", "rates"]));
    // the header's navigation is the layout's
    expect(fresh.layouts).toContain("nav");
  });

  it("names only namespaces the catalogue has", () => {
    const all = new Set([...fresh.layouts, ...Object.values(fresh.pages).flat()]);
    for (const n of all) expect(Object.keys(en), n).toContain(n);
  });

  it("every page exports itself through withPageMessages with its own file", () => {
    for (const page of Object.keys(fresh.pages)) {
      const source = readFileSync(page, "utf8");
      expect(source, page).toMatch(new RegExp(`^export default withPageMessages\\("${page.replace(/[()[\]]/g, "\\$&")}", \\w+\\);$`, "m"));
    }
  });
});
