import { describe, expect, it } from "vitest";
import { isCrossOriginPost, ownHosts } from "./origin";

const post = (path: string, headers: Record<string, string>, method = "POST") => ({
  method,
  url: `http://localhost:3000${path}`,
  headers: new Headers({ host: "localhost:3000", ...headers }),
});
const PUBLIC = "https://portal.example";

describe("a cross-origin POST", () => {
  it("is one whose Origin is another site, an opaque origin (null) or not an origin at all", () => {
    expect(isCrossOriginPost(post("/customers", { origin: "https://evil.example" }), PUBLIC)).toBe(true);
    expect(isCrossOriginPost(post("/customers", { origin: "http://localhost:3001" }), PUBLIC)).toBe(true); // another port
    expect(isCrossOriginPost(post("/customers", { origin: "null" }), PUBLIC)).toBe(true);
    expect(isCrossOriginPost(post("/customers", { origin: "not a url" }), PUBLIC)).toBe(true);
    expect(isCrossOriginPost(post("/api/auth/signout", { origin: "https://evil.example" }), PUBLIC)).toBe(true);
    expect(isCrossOriginPost(post("/customers", { origin: "https://evil.example" }, "DELETE"), PUBLIC)).toBe(true);
  });

  it("is not one from the app's own host, its forwarded host or its public URL", () => {
    expect(isCrossOriginPost(post("/customers", { origin: "http://localhost:3000" }), PUBLIC)).toBe(false);
    expect(isCrossOriginPost(post("/customers", { origin: "http://LOCALHOST:3000" }), PUBLIC)).toBe(false);
    expect(isCrossOriginPost(post("/customers", { origin: "https://app.example", "x-forwarded-host": "app.example, proxy.internal" }), PUBLIC)).toBe(false);
    expect(isCrossOriginPost(post("/customers", { origin: "https://portal.example" }), PUBLIC)).toBe(false);
  });

  it("is not judged without an Origin, for reads, or on the machine APIs", () => {
    expect(isCrossOriginPost(post("/customers", {}), PUBLIC)).toBe(false);
    expect(isCrossOriginPost(post("/customers", { origin: "https://evil.example" }, "GET"), PUBLIC)).toBe(false);
    expect(isCrossOriginPost(post("/xmlapi/xmlapi", { origin: "https://evil.example" }), PUBLIC)).toBe(false);
    expect(isCrossOriginPost(post("/api/v1/authorize", { origin: "https://evil.example" }), PUBLIC)).toBe(false);
  });
});

describe("the app's own hosts", () => {
  it("are the forwarded host's first entry, the Host and the public URL's host, lower-cased", () => {
    const headers = new Headers({ host: "Localhost:3000", "x-forwarded-host": "App.Example , other" });
    expect(ownHosts(headers, "https://portal.example:8443/base")).toEqual(["app.example", "localhost:3000", "portal.example:8443"]);
    expect(ownHosts(headers, "::not a url::")).toEqual(["app.example", "localhost:3000"]);
  });
});
