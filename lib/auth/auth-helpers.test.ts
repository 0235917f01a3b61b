import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { loginKey } from "./login-key";
import { loginErrorKey, loginSchema } from "./login-schema";
import { navigationFor } from "./navigation";
import { RIGHT_NAMES, toMask, type RightName } from "@/lib/customers/rights";

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
  const system = ["vendors", "destinationSets", "routingGroups", "routeTest"];
  const all = ["dashboard", "customers", "accounts", "vouchers", "calls", "activeCalls", "tariffs", "exchangeRates", "myAccount", "auditLog", "apiKeys", ...system];
  const without = (...labels: string[]) => all.filter((l) => !labels.includes(l));
  const viewer = (isRoot: boolean, rights: RightName[], path = isRoot ? "/7/" : "/1/7/") => ({ id: 7, path, isRoot, rights: toMask(rights) });
  it("shows the audit log, API keys and the system settings to Root, and to a customer directly under Root with the system right", () => {
    expect(navigationFor(viewer(true, [])).map((i) => i.label)).toEqual(all);
    expect(navigationFor(viewer(false, ["system_mgmt"])).map((i) => i.label)).toEqual(without("vouchers"));
  });
  it("hides them from everyone else, whatever other rights they hold; deeper down the system right shows the audit log and API keys only", () => {
    const others = RIGHT_NAMES.filter((r) => r !== "system_mgmt");
    expect(navigationFor(viewer(false, others)).map((i) => i.label)).toEqual(without("auditLog", "apiKeys", ...system));
    expect(navigationFor(viewer(false, ["system_mgmt"], "/1/5/7/")).map((i) => i.label)).toEqual(without("vouchers", ...system));
  });
  it("shows Vouchers to a customer holding any vouchers right, and to no one else", () => {
    for (const right of ["vouchers_add", "vouchers_edit", "vouchers_delete"] as const) {
      expect(navigationFor(viewer(false, [right])).map((i) => i.label)).toContain("vouchers");
    }
    const others = RIGHT_NAMES.filter((r) => !r.startsWith("vouchers_"));
    expect(navigationFor(viewer(false, others)).map((i) => i.label)).not.toContain("vouchers");
  });
});
