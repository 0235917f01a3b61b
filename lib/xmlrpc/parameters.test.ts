// The parameter check every method runs first, and the agreement between
// the declared lists and docs/xmlrpc.md ("Parameters Sippy documents and
// Switchboard ignores").
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiFault } from "./faults";
import { PARAMETERS, type MethodName } from "./parameter-lists";
import { checkParameters, shownName, unknownParameters } from "./parameters";

function fault(run: () => void): ApiFault {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiFault);
    return error as ApiFault;
  }
  throw new Error("no fault");
}

describe("checkParameters", () => {
  it("accepts the names a method reads and the ones Sippy documents that it ignores", () => {
    // vm_enabled is an account's parameter, not a customer's.
    expect(() => checkParameters("createCustomer", { name: "Acme", web_password: "x", i_tariff: 1, vm_enabled: 1 })).toThrow(ApiFault);
    expect(() => checkParameters("createCustomer", { name: "Acme", web_password: "x", i_tariff: 1, first_name: "Ann", dns_alias: "x" })).not.toThrow();
    expect(() => checkParameters("addTariffRate", { i_tariff: 1, prefix: "44", price_1: 1, price_n: 1, activation_date: null, i_rate: 9 })).not.toThrow();
  });

  it("refuses a name Sippy does not know, naming it and the method, with fault 400", () => {
    expect(fault(() => checkParameters("customerDebit", { i_customer: 1, ammount: 5, currency: "USD" }))).toMatchObject({
      code: 400,
      message: "Unknown parameter ammount: customerDebit does not take it.",
    });
    const several = fault(() => checkParameters("getDictionary", { name: "languages", a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }));
    expect(several.message).toBe("Unknown parameters a, b, c, d, e, …: getDictionary does not take them.");
    // A name another method reads is still unknown here.
    expect(unknownParameters("deleteTariff", { i_tariff: 1, prefix: "44" })).toEqual(["prefix"]);
  });

  it("writes out invisible characters in the name it shows and cuts long ones", () => {
    expect(shownName("a\u0001b\u202Ec")).toBe("a<U+0001>b<U+202E>c");
    expect(shownName("x".repeat(100))).toBe("x".repeat(64) + "…");
    expect(fault(() => checkParameters("getDictionary", { name: "languages", "evil\u202Eexe.txt": 1 })).message).toBe(
      "Unknown parameter evil<U+202E>exe.txt: getDictionary does not take it.",
    );
  });

  it("never lists a name as both read and ignored", () => {
    for (const [method, list] of Object.entries(PARAMETERS)) {
      const read = new Set<string>(list.read);
      expect(list.ignored.filter((n) => read.has(n)), method).toEqual([]);
    }
  });
});

/** The table of docs/xmlrpc.md: method names in the first column, ignored names in the second. */
function documentedIgnored(markdown: string): Record<string, string[]> {
  const section = markdown.split("## Parameters Sippy documents and Switchboard ignores")[1]!.split("\n## ")[0]!;
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  const out: Record<string, string[]> = {};
  for (const row of rows) {
    const [methods, names] = row.split("|").slice(1, 3) as [string, string];
    const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const method of ticked(methods)) out[method] = ticked(names);
  }
  return out;
}

describe("docs/xmlrpc.md", () => {
  it("lists exactly the parameters each method ignores", () => {
    const documented = documentedIgnored(readFileSync(new URL("../../docs/xmlrpc.md", import.meta.url), "utf8"));
    const declared = Object.fromEntries(
      (Object.keys(PARAMETERS) as MethodName[]).filter((m) => PARAMETERS[m].ignored.length > 0).map((m) => [m, [...PARAMETERS[m].ignored]]),
    );
    expect(documented).toEqual(declared);
  });
});
