import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { PASSWORDS_FILE, reportLogins } from "./login-report";

const dataRoot = mkdtempSync(join(tmpdir(), "login-report-"));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

const seeded = {
  created: true,
  logins: [
    { login: "root", name: "Root", generatedPassword: "root-secret-1234" },
    { login: "acme", name: "Acme Telecom", generatedPassword: "acme-secret-5678" },
  ],
};

describe("reportLogins", () => {
  it("shows generated passwords on a terminal, and writes no file", () => {
    const text = reportLogins(seeded, { terminal: true, dataRoot });
    expect(text).toContain("password: root-secret-1234");
    expect(text).toContain("password: acme-secret-5678");
    expect(existsSync(join(dataRoot, PASSWORDS_FILE))).toBe(false);
  });

  it("keeps them out of any other output: they go to a file only its owner can read", () => {
    const text = reportLogins(seeded, { terminal: false, dataRoot });
    const file = join(dataRoot, PASSWORDS_FILE);
    expect(text).not.toContain("secret");
    expect(text).toContain(file);
    expect(text).toMatch(/^ {2}root +Root$/m);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain("root\troot-secret-1234\nacme\tacme-secret-5678\n");
  });

  it("writes nothing when no password was generated", () => {
    rmSync(join(dataRoot, PASSWORDS_FILE), { force: true });
    const given = { created: true, logins: [{ login: "root", name: "Root" }] };
    expect(reportLogins(given, { terminal: false, dataRoot })).toContain("SWITCHBOARD_ROOT_PASSWORD");
    expect(existsSync(join(dataRoot, PASSWORDS_FILE))).toBe(false);
  });
});
