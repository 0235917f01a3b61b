import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { webProcessCount } from "./web-processes";

describe("SWITCHBOARD_WEB_PROCESSES", () => {
  it("defaults to one web process per core", () => {
    expect(webProcessCount({})).toBe(availableParallelism());
    expect(webProcessCount({ SWITCHBOARD_WEB_PROCESSES: " " })).toBe(availableParallelism());
  });

  it("takes a whole number from 1 to 64", () => {
    expect(webProcessCount({ SWITCHBOARD_WEB_PROCESSES: "1" })).toBe(1);
    expect(webProcessCount({ SWITCHBOARD_WEB_PROCESSES: "4" })).toBe(4);
  });

  it.each(["0", "65", "two", "1.5", "-2"])("refuses %j, naming the setting and the value", (value) => {
    expect(() => webProcessCount({ SWITCHBOARD_WEB_PROCESSES: value })).toThrow(
      `SWITCHBOARD_WEB_PROCESSES must be a whole number from 1 to 64 (it is "${value}").`,
    );
  });
});
