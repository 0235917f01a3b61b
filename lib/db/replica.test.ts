import { describe, expect, it } from "vitest";
import { parseLsn } from "./replica";

describe("parseLsn", () => {
  it("orders positions as PostgreSQL's pg_lsn does (the high word first, hexadecimal)", () => {
    expect(parseLsn("0/16B3748")).toBe(0x16b3748n);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
    expect(parseLsn("A/1")! > parseLsn("9/FFFFFFFF")!).toBe(true);
    expect(parseLsn("FFFFFFFF/FFFFFFFF")).toBe((1n << 64n) - 1n);
  });

  it("reads anything else (a forged or cut cookie, a null) as no position", () => {
    for (const bad of ["", "0/", "/1", "1/2/3", "G/1", "123456789/1", " 0/1", null, undefined]) expect(parseLsn(bad)).toBeNull();
  });
});
