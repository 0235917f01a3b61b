// A rate table crosses to the browser as JSON (bigints as strings), so the
// maintenance form can show the converted amount before saving, computed by
// the same function the server books with.
import type { Rate } from "@/lib/money";
import type { RateTable } from "./rate-table";

type JsonRate = { amount: string; scale: number };
export interface RateTableJson {
  base: string;
  rates: [string, { num: JsonRate; den: JsonRate; own: boolean }][];
}

const out = (r: Rate): JsonRate => ({ amount: String(r.amount), scale: r.scale });
const back = (r: JsonRate): Rate => ({ amount: BigInt(r.amount), scale: r.scale });

export function rateTableToJson(table: RateTable): RateTableJson {
  return { base: table.base, rates: [...table.rates].map(([code, r]) => [code, { num: out(r.num), den: out(r.den), own: r.own }]) };
}

export function rateTableFromJson(json: RateTableJson): RateTable {
  return { base: json.base, rates: new Map(json.rates.map(([code, r]) => [code, { num: back(r.num), den: back(r.den), own: r.own }])) };
}
