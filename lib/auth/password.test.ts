import { describe, expect, it } from "vitest";
import { hashGeneratedSecret, hashPassword, verifyLoginPassword } from "./password";

const timed = async (check: () => Promise<boolean>) => {
  const start = performance.now();
  const valid = await check();
  return { valid, ms: performance.now() - start };
};

describe("verifyLoginPassword", () => {
  it("checks a person's password, a card's generated secret, and refuses an unknown name", async () => {
    const person = await hashPassword("correct horse battery");
    const card = hashGeneratedSecret("Kx7-generated-card-secret");
    expect(await verifyLoginPassword(person, "correct horse battery")).toBe(true);
    expect(await verifyLoginPassword(person, "wrong")).toBe(false);
    expect(await verifyLoginPassword(card, "Kx7-generated-card-secret")).toBe(true);
    expect(await verifyLoginPassword(card, "Kx7-generated-card-secreT")).toBe(false);
    expect(await verifyLoginPassword(null, "anything")).toBe(false);
    expect(await verifyLoginPassword("not-a-hash", "anything")).toBe(false);
  });

  it("costs an argon2 check for an unknown name and for a card, whose own hash takes microseconds", async () => {
    const card = hashGeneratedSecret("Kx7-generated-card-secret");
    await verifyLoginPassword(null, "warm-up"); // the dummy hash is made once
    // An argon2id check at 19 MiB takes tens of milliseconds on any machine; a salted SHA-256 a few microseconds.
    for (const check of [() => verifyLoginPassword(card, "Kx7-generated-card-secret"), () => verifyLoginPassword(null, "x")]) {
      expect((await timed(check)).ms).toBeGreaterThan(5);
    }
  });
});
