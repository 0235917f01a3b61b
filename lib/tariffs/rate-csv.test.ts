import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeProblem } from "@/lib/errors/problem";
import { ROUTE_CSV_EXTRAS, routeSchema } from "@/lib/system/destination-route-schema";
import { checkPriceListCsv, checkRatesCsv, RATE_CSV_HEADER, ratesToCsv, type StoredRate } from "./rate-csv";

const HEADER = RATE_CSV_HEADER.join(",");

describe("checkRatesCsv", () => {
  it("reads every rate of a valid file, quoted fields and CRLF included", async () => {
    const csv = `${HEADER}\r\n44,0.012,0.01,60,60,0,0,0,0\r\n"1","0.0050","0.005",1,1,0.02,5,3,1\r\n\r\n`;
    const { rates, problems, rejected } = await checkRatesCsv(csv, "USD");
    expect(problems).toEqual([]);
    expect(rejected).toBe(0);
    expect(rates).toEqual([
      { prefix: "44", price1: 12_000n, priceN: 10_000n, interval1: 60, intervalN: 60, connectFee: 0n, freeSeconds: 0, gracePeriod: 0, forbidden: false },
      { prefix: "1", price1: 5_000n, priceN: 5_000n, interval1: 1, intervalN: 1, connectFee: 20_000n, freeSeconds: 5, gracePeriod: 3, forbidden: true },
    ]);
  });

  it("rejects bad lines by their line number and keeps nothing to import", async () => {
    const csv = [
      HEADER,
      "44,0.012,0.01,60,60,0,0,0,0",
      "4x,0.012,0.01,60,60,0,0,0,0",
      "49,-1,0.01,60,60,0,0,0,0",
      "7,0.1,0.1,0,60,0,0,0,0",
      "33,0.1,0.1,60,60,0,0,0,maybe",
      "34,0.1,0.1,60",
      "44,0.5,0.5,60,60,0,0,0,0",
      "35,0.1234567,0.1,60,60,0,0,0,0",
    ].join("\n");
    const { problems, rejected } = await checkRatesCsv(csv, "USD");
    expect(rejected).toBe(7);
    expect(problems.map((p) => [p.line, decodeProblem(p.problem).code])).toEqual([
      [3, "csvField"],
      [4, "csvField"],
      [5, "csvField"],
      [6, "csvField"],
      [7, "importColumns"],
      [8, "importDuplicate"],
      [9, "csvField"],
    ]);
    expect(decodeProblem(problems[0]!.problem).values).toEqual({ field: "prefix", problem: "prefixDigits" });
    expect(decodeProblem(problems[1]!.problem).values).toEqual({ field: "price_1", problem: "sign" });
    expect(decodeProblem(problems[5]!.problem).values).toEqual({ prefix: "44", first: "2" });
    expect(decodeProblem(problems[6]!.problem).values.problem).toBe("tooManyDecimals?max=6");
  });

  it("counts lines inside quoted fields, so later line numbers stay right", async () => {
    const csv = `${HEADER}\n"44",0.01,0.01,60,60,0,0,0,0\n"4\n5",0.01,0.01,60,60,0,0,0,0\nbad,0.01,0.01,60,60,0,0,0,0`;
    const { problems } = await checkRatesCsv(csv, "USD");
    expect(problems.map((p) => p.line)).toEqual([3, 5]);
  });

  it("needs the header and at least one rate", async () => {
    expect(decodeProblem((await checkRatesCsv("prefix,price\n1,2", "USD")).problems[0]!.problem).code).toBe("importHeader");
    expect(decodeProblem((await checkRatesCsv("", "USD")).problems[0]!.problem).code).toBe("importEmpty");
    expect(decodeProblem((await checkRatesCsv(`${HEADER}\n`, "USD")).problems[0]!.problem).code).toBe("importEmpty");
  });

  it("reports an unclosed quote instead of swallowing the rest of the file", async () => {
    const { problems } = await checkRatesCsv(`${HEADER}\n44,0.01,0.01,60,60,0,0,0,0\n"7,0.01`, "USD");
    expect(problems).toEqual([{ line: 3, problem: "csvQuote" }]);
  });
});

describe("ratesToCsv", () => {
  const rate = fc.record({
    prefix: fc.stringMatching(/^\d{1,12}$/),
    price1: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    priceN: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    interval1: fc.integer({ min: 1, max: 3600 }),
    intervalN: fc.integer({ min: 1, max: 3600 }),
    connectFee: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    freeSeconds: fc.integer({ min: 0, max: 86_400 }),
    gracePeriod: fc.integer({ min: 0, max: 3600 }),
    forbidden: fc.boolean(),
  });

  it("round-trips through the import exactly", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(rate, { selector: (r) => r.prefix, minLength: 1, maxLength: 30 }), async (rates: StoredRate[]) => {
        const checked = await checkRatesCsv(ratesToCsv(rates), "USD");
        expect(checked.rejected).toBe(0);
        expect(checked.rates).toEqual(rates);
      }),
      { numRuns: 200 },
    );
  });
});

describe("checkPriceListCsv with an optional extra column (a destination set's routes)", () => {
  const schema = routeSchema("USD", "en");
  const WITH = `${HEADER},preference`;

  it("reads the column when the header has it, and its default when it does not or a cell is empty", async () => {
    const withColumn = await checkPriceListCsv(`${WITH}\n44,0.01,0.01,60,60,0,0,0,0,3\n49,0.01,0.01,60,60,0,0,0,0,\n`, schema, ROUTE_CSV_EXTRAS);
    expect(withColumn.rates.map((r) => [r.prefix, r.preference])).toEqual([
      ["44", 3],
      ["49", 10],
    ]);
    const without = await checkPriceListCsv(`${HEADER}\n44,0.01,0.01,60,60,0,0,0,0\n`, schema, ROUTE_CSV_EXTRAS);
    expect(without.rates.map((r) => r.preference)).toEqual([10]);
  });

  it("names the column of a bad value, counts columns against the header, and shows the full header when it is wrong", async () => {
    const { problems } = await checkPriceListCsv(`${WITH}\n44,0.01,0.01,60,60,0,0,0,0,x\n45,0.01,0.01,60,60,0,0,0,0\n`, schema, ROUTE_CSV_EXTRAS);
    expect(problems.map((p) => decodeProblem(p.problem))).toEqual([
      { code: "csvField", values: { field: "preference", problem: "preferenceRange?min=0&max=1000" } },
      { code: "importColumns", values: { expected: "10", found: "9" } },
    ]);
    const header = await checkPriceListCsv(`${HEADER},weight\n44,0.01,0.01,60,60,0,0,0,0,1\n`, schema, ROUTE_CSV_EXTRAS);
    expect(decodeProblem(header.problems[0]!.problem)).toEqual({ code: "importHeader", values: { header: WITH } });
    // A tariff's own import still refuses the extra column.
    expect(decodeProblem((await checkRatesCsv(`${WITH}\n44,0.01,0.01,60,60,0,0,0,0,3\n`, "USD")).problems[0]!.problem).code).toBe("importHeader");
  });
});
