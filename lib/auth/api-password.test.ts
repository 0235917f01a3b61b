import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digestHa1 } from "./api-password";

describe("digestHa1", () => {
  it("is RFC 7616's HA1: MD5 of login, realm and password", () => {
    expect(digestHa1("acme", "Api-pass-2026!")).toBe(createHash("md5").update("acme:switchboard:Api-pass-2026!").digest("hex"));
    expect(digestHa1("acme", "Api-pass-2026!")).not.toBe(digestHa1("Acme", "Api-pass-2026!"));
  });
});
