import { describe, expect, it } from "vitest";
import { readCsv } from "@/lib/csv/parse-csv";
import { lastValidDay, voucherPinsCsv, voucherPinsCsvFileName, voucherStateCsvChunks, voucherStateCsvFileName, type VoucherStateRow } from "./voucher-csv";

// 30 June 2027 chosen in Berlin: the batch ends at midnight starting 1 July there (22:00 UTC).
const batch = { amount: 12_500_000n, currency: "EUR", expiresAt: new Date("2027-06-30T22:00:00Z") };

async function text(chunks: AsyncGenerator<string>) {
  let all = "";
  for await (const chunk of chunks) all += chunk;
  return all;
}

async function* of(...pages: VoucherStateRow[][]) {
  yield* pages;
}

describe("a voucher batch's CSV files", () => {
  it("the PINs file: one voucher a line, the amount exact, the last valid day in the chooser's zone", () => {
    const csv = voucherPinsCsv(batch, [
      { number: "100000000001", pin: "012345678901" },
      { number: "100000000002", pin: "987654321098" },
    ], "Europe/Berlin");
    expect(csv).toBe(
      "number,pin,amount,currency,expires\n100000000001,012345678901,12.50,EUR,2027-06-30\n100000000002,987654321098,12.50,EUR,2027-06-30\n",
    );
    // Leading zeros of a PIN survive a CSV reader (they are text, not a number).
    expect([...readCsv(csv)].map((r) => r.fields[1])).toEqual(["pin", "012345678901", "987654321098"]);
    expect(voucherPinsCsv(batch, [], "UTC")).toBe("number,pin,amount,currency,expires\n");
    expect(voucherPinsCsvFileName("spring-2027")).toBe("vouchers-spring-2027-pins.csv");
  });

  it("the last valid day is the day before the stored midnight, in the given zone", () => {
    expect(lastValidDay(batch.expiresAt, "Europe/Berlin")).toBe("2027-06-30");
    // Seen from UTC the same instant is still 30 June, 22:00: the day shown follows the zone.
    expect(lastValidDay(batch.expiresAt, "UTC")).toBe("2027-06-30");
    expect(lastValidDay(batch.expiresAt, "Asia/Tokyo")).toBe("2027-07-01");
  });

  it("the state export: no PIN column, each voucher's state, who redeemed it and when; names kept text", async () => {
    const csv = await text(
      voucherStateCsvChunks(
        batch,
        of(
          [
            { number: "100000000001", state: "redeemed", redeemedAt: new Date("2027-01-02T03:04:05Z"), redeemedBy: { username: "alice" } },
            { number: "100000000002", state: "disabled", redeemedAt: null, redeemedBy: null },
          ],
          [],
          [{ number: "100000000003", state: "new", redeemedAt: null, redeemedBy: { username: "=cmd" } }],
        ),
        "Europe/Berlin",
      ),
    );
    expect(csv.split("\n")).toEqual([
      "number,state,amount,currency,expires,redeemed_at,account",
      "100000000001,redeemed,12.50,EUR,2027-06-30,2027-01-02T03:04:05.000Z,alice",
      "100000000002,disabled,12.50,EUR,2027-06-30,,",
      "100000000003,new,12.50,EUR,2027-06-30,,'=cmd",
      "",
    ]);
    expect(voucherStateCsvFileName("spring-2027")).toBe("vouchers-spring-2027.csv");
  });
});
