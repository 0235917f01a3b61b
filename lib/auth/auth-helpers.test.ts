import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { loginKey } from "./login-key";
import { loginErrorKey, loginSchema } from "./login-schema";
import { navigationFor } from "./navigation";

describe("loginKey", () => {
  it("makes logins unique regardless of case and surrounding spaces", () => {
    expect(loginKey("  Acme-Retail ")).toBe("acme-retail");
    expect(loginKey("ACME")).toBe(loginKey("acme"));
  });
});

describe("clientAddress", () => {
  it("takes the first forwarded address", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
    expect(clientAddress({ "x-real-ip": "198.51.100.2" })).toBe("198.51.100.2");
    expect(clientAddress({})).toBeNull();
    expect(clientAddress(undefined)).toBeNull();
  });
});

describe("loginSchema", () => {
  it("names the missing field", () => {
    const result = loginSchema.safeParse({ login: "  ", password: "" });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => [i.path[0], i.message]);
    expect(messages).toEqual([
      ["login", "loginRequired"],
      ["password", "passwordRequired"],
    ]);
  });

  it("maps next-auth's codes to catalogue keys and hides anything unknown", () => {
    expect(loginErrorKey("CredentialsSignin")).toBe("invalid");
    expect(loginErrorKey("throttled")).toBe("throttled");
    expect(loginErrorKey("blocked")).toBe("blocked");
    expect(loginErrorKey("TypeError: boom at db.ts:12")).toBe("failed");
    expect(loginErrorKey(undefined)).toBe("failed");
  });
});

describe("navigationFor", () => {
  it("shows the audit log to Root alone", () => {
    expect(navigationFor({ isRoot: true }).map((i) => i.label)).toEqual(["customers", "tariffs", "exchangeRates", "myAccount", "auditLog"]);
    expect(navigationFor({ isRoot: false }).map((i) => i.label)).toEqual(["customers", "tariffs", "exchangeRates", "myAccount"]);
  });
});
