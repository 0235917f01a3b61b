import { describe, expect, it } from "vitest";
import { toAccountForEdit, toAccountTableRow } from "./account-view";
import type { AccountDetail, AccountRow } from "./accounts";

// A stored account as a careless caller might hand it over, secrets included:
// the mappings that cross to the browser pick fields by name and drop them.
const secrets = { voipHa1: "0123456789abcdef0123456789abcdef", voipRealm: "sip.example", webPasswordHash: "$argon2id$v=19$…", usernameKey: "key-not-shown", sessionVersion: 3 };

describe("accounts crossing to the browser", () => {
  it("the edit dialog gets the editable fields, amounts as exact strings, and no secret", () => {
    const detail = {
      ...secrets,
      id: 7,
      customerId: 2,
      ownerPath: "/1/2/",
      username: "acme-100",
      authname: "acme-100",
      tariffId: 3,
      currency: "USD",
      balance: 9_000_000_000_000_000_001n,
      creditLimit: 5_000_000n,
      maxSessions: 2,
      maxCreditTime: null,
      lifetimeDays: null,
      expiresAt: new Date("2027-04-01T04:00:00Z"),
      firstUseAt: null,
      blocked: false,
      timeZone: "America/New_York",
      language: "en",
      description: "Desk",
      batchTag: null,
      createdAt: new Date(),
      updatedAt: new Date(),
      archivedAt: null,
      owner: { id: 2, name: "Acme" },
      tariff: { id: 3, name: "Retail", currency: "USD" },
      available: 0n,
      state: "active",
      effectiveExpiry: null,
      can: { view: true, create: true, edit: true, block: true, funds: true, delete: true },
    } as unknown as AccountDetail;
    const edit = toAccountForEdit(detail);
    expect(edit).toMatchObject({ id: 7, balance: "9000000000000000001", creditLimit: "5000000", expiresAt: "2027-04-01T04:00:00.000Z" });
    const text = JSON.stringify(edit);
    for (const value of [secrets.voipHa1, secrets.voipRealm, secrets.webPasswordHash, secrets.usernameKey]) expect(text).not.toContain(value);
    for (const key of Object.keys(secrets)) expect(edit).not.toHaveProperty(key);
  });

  it("a table row carries its state and no secret", () => {
    const row = { ...secrets, id: 1, username: "u-1", description: "", tariffId: 3, tariffName: "T", currency: "EUR", balance: -1n, creditLimit: 0n, available: -1n, state: "blocked", maxSessions: null, firstUseAt: null, expiresAt: null, lifetimeDays: null, batchTag: "b", createdAt: new Date(0) } as unknown as AccountRow;
    const shown = toAccountTableRow(row);
    expect(shown).toMatchObject({ balance: "-1", available: "-1", state: "blocked", blocked: true, createdAt: "1970-01-01T00:00:00.000Z" });
    for (const key of Object.keys(secrets)) expect(shown).not.toHaveProperty(key);
  });
});
