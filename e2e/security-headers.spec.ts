import { request as httpRequest } from "node:http";
import { E2E } from "./settings";
import { cspViolations, expect, loginAs, test } from "./fixtures";

// A server action id of the right shape (Next 16: 42 hex digits) that names no action.
const UNKNOWN_ACTION = `7f${"0".repeat(40)}`;
const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

test("a page comes with a fresh nonce CSP that all its scripts carry, and the fixed security headers", async ({ request }) => {
  const response = await request.get("/login");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const policy = directives(headers["content-security-policy"]!);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{24})'$/.exec(policy.get("script-src")![1]!)![1]!;
  expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(policy.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");

  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(3);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toMatch(/(^|, )camera=\(\)/);
  expect(headers["permissions-policy"]).toMatch(/(^|, )microphone=\(\)/);
  expect(headers["permissions-policy"]).toMatch(/(^|, )geolocation=\(\)/);
  // Plain HTTP: no HSTS (E2E's public URL is http://localhost).
  expect(headers["strict-transport-security"]).toBeUndefined();

  const again = (await request.get("/login")).headers()["content-security-policy"]!;
  expect(again).not.toContain(nonce);

  // The page names its icon, and the icon is there (no favicon.ico 404 on every first visit).
  const icon = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
  expect(icon, "the page's icon link").toBeDefined();
  const served = await request.get(icon!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");
});

test("over HTTPS (as a reverse proxy reports it) the app adds HSTS and upgrades insecure requests", async ({ request }) => {
  const headers = (await request.get("/login", { headers: { "x-forwarded-proto": "https" } })).headers();
  expect(headers["strict-transport-security"]).toBe("max-age=31536000");
  expect(directives(headers["content-security-policy"]!).has("upgrade-insecure-requests")).toBe(true);
});

test("the browser enforces the policy: the app works, and an injected inline handler does not run", async ({ page }) => {
  // The flows themselves run with no violation (the page fixture fails a test on any).
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("button", { name: "Add customer" }).click();
  const dialog = page.getByRole("dialog", { name: "Add customer" });
  await expect(dialog.getByLabel("Name", { exact: true })).toBeVisible();
  await dialog.getByLabel("Name", { exact: true }).fill("x");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: "Tariffs" }).click();
  await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible();
  expect(cspViolations(page)).toEqual([]);

  // Markup an attacker slipped into the page: its inline handler must not run.
  await page.evaluate(() => {
    // An image that fails without a request (a broken data URL), so its error handler would fire.
    document.body.insertAdjacentHTML("beforeend", '<img id="probe" src="data:image/png;base64,AAAA" onerror="window.__injected = true">');
  });
  await expect.poll(() => cspViolations(page).join("\n")).toMatch(/^script-src-attr blocked inline/);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false)).toBe(false);
  cspViolations(page).length = 0; // provoked on purpose
});

test("a cross-origin POST to a server action answers a plain 403, before Next would fail with a 500", async ({ request }) => {
  const forged: Record<string, string>[] = [
    { origin: "https://evil.example", "next-action": UNKNOWN_ACTION, "content-type": "text/plain;charset=UTF-8" },
    { origin: "null", "next-action": UNKNOWN_ACTION, "content-type": "text/plain;charset=UTF-8" },
    { origin: "http://localhost:1", "content-type": "multipart/form-data; boundary=x" }, // a form without JavaScript
  ];
  for (const headers of forged) {
    const response = await request.post("/customers", { headers, data: "[]", maxRedirects: 0 });
    expect(response.status(), headers.origin).toBe(403);
    const body = await response.text();
    expect(body).toBe("Forbidden: this request came from another site.\n");
  }
});

test("a POST from the app's own public URL passes the origin check even when a proxy rewrites Host", async () => {
  // Same-origin actions are used by every form test; here the Host differs
  // from NEXTAUTH_URL's host, as behind a proxy that does not forward it.
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: E2E.port,
        path: "/login",
        method: "POST",
        headers: {
          host: `127.0.0.1:${E2E.port}`,
          origin: E2E.baseURL,
          "next-action": UNKNOWN_ACTION,
          "content-type": "text/plain;charset=UTF-8",
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end("[]");
  });
  // Neither refused as cross-site (403) nor failed by Next's own check (500):
  // Next looked the action up and answered that it does not know it.
  expect(status).not.toBe(403);
  expect(status).not.toBe(500);
  expect(status).toBeLessThan(500);
});

test("the XML-RPC API and next-auth's endpoints are not blocked by the policy", async ({ request }) => {
  // Machine clients of the API may send any Origin: it answers with its Digest challenge.
  const api = await request.post("/xmlapi/xmlapi", { headers: { origin: "https://office.example", "content-type": "text/xml" }, data: "<methodCall/>" });
  expect(api.status()).toBe(401);
  expect(api.headers()["www-authenticate"]).toMatch(/^Digest /);
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  expect(await csrf.json()).toHaveProperty("csrfToken");
});
