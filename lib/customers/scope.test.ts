import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { childPath, isInSubtree, pathIds, rootOfPath, subtreeRange, tenantOfPath } from "./scope";

describe("childPath", () => {
  it("appends the id to the parent's path", () => {
    expect(childPath(null, 1)).toBe("/1/");
    expect(childPath("/1/", 42)).toBe("/1/42/");
    expect(childPath("/1/42/", 7)).toBe("/1/42/7/");
  });

  it("refuses ids that are not positive integers", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => childPath("/1/", bad)).toThrow();
  });
});

describe("subtreeRange", () => {
  it("is the half-open range of paths that start with the prefix", () => {
    expect(subtreeRange("/1/7/")).toEqual({ gte: "/1/7/", lt: "/1/70" });
  });

  it("refuses malformed paths, so a bad value can never widen the scope", () => {
    for (const bad of ["", "/", "1/", "/1", "/a/", "/1//", "/1/%/"]) expect(() => subtreeRange(bad)).toThrow();
  });
});

describe("isInSubtree", () => {
  it("includes the customer itself and its descendants", () => {
    expect(isInSubtree("/1/7/", "/1/7/")).toBe(true);
    expect(isInSubtree("/1/7/", "/1/7/9/12/")).toBe(true);
  });

  it("excludes ancestors, siblings and ids that merely share leading digits", () => {
    expect(isInSubtree("/1/7/", "/1/")).toBe(false);
    expect(isInSubtree("/1/7/", "/1/8/")).toBe(false);
    expect(isInSubtree("/1/7/", "/1/70/")).toBe(false);
    expect(isInSubtree("/1/7/", "/1/77/3/")).toBe(false);
    expect(isInSubtree("/1/1/", "/1/10/")).toBe(false);
  });

  it("agrees with the ancestor relation on the ids, for any two paths", () => {
    const path = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(path, path, (a, b) => {
        const ancestor = `/${a.join("/")}/`;
        const candidate = `/${b.join("/")}/`;
        const expected = a.length <= b.length && a.every((id, i) => b[i] === id);
        return isInSubtree(ancestor, candidate) === expected;
      }),
      { numRuns: 2000 },
    );
  });
});

describe("pathIds", () => {
  it("lists the ids from Root down", () => {
    expect(pathIds("/1/7/42/")).toEqual([1, 7, 42]);
  });
});

describe("tenantOfPath", () => {
  it("is the customer directly under Root, for that customer and everything below it", () => {
    expect(tenantOfPath("/1/7/")).toBe(7);
    expect(tenantOfPath("/1/7/42/")).toBe(7);
    expect(tenantOfPath("/1/7/42/99/123/")).toBe(7);
  });

  it("is Root's own id for Root", () => {
    expect(tenantOfPath("/1/")).toBe(1);
    expect(tenantOfPath("/5/")).toBe(5);
  });

  it("refuses what is not a path", () => {
    for (const bad of ["", "/", "1/7/", "/1/x/", "/1//7/"]) expect(() => tenantOfPath(bad)).toThrow(/invalid customer path/);
  });

  it("agrees with the subtree: every path in a top-level customer's subtree has that customer as tenant", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 2, maxLength: 8 }), (ids) => {
        const path = `/${ids.join("/")}/`;
        expect(isInSubtree(`/${ids[0]}/${ids[1]}/`, path)).toBe(true);
        expect(tenantOfPath(path)).toBe(ids[1]);
        expect(rootOfPath(path)).toBe(ids[0]);
      }),
    );
  });
});
