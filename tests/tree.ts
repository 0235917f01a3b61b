// A customer tree for authorization tests, built fresh (uniquely named) per call:
//
//   R -> Top -> { A, B };  A -> { A1, A2 };  B -> { B1 };  A1 -> { A1x }
//   U -> { U1 }                                  (an unrelated tree)
//
// Every customer below a top node has a tariff of its own, owned by its parent
// (so an edit by the parent validates), in USD like its base currency. A1
// holds 100 USD, booked by A as one ledger entry, a credit limit of 50 USD,
// and its tariff carries one rate (prefix 44).
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { textKey } from "@/lib/forms/text";
import { book } from "@/lib/ledger/book";
import { makeCustomer, viewerOf } from "./factories";
import { unique } from "./db";

export const NODES = ["R", "Top", "A", "B", "A1", "A2", "B1", "A1x", "U", "U1"] as const;
export type Node = (typeof NODES)[number];
/** The nodes that have a parent, and so a tariff. */
export type Billed = Exclude<Node, "R" | "U">;

const PARENT: Record<Node, Node | null> = { R: null, Top: "R", A: "Top", B: "Top", A1: "A", A2: "A", B1: "B", A1x: "A1", U: null, U1: "U" };

export type CustomerRow = Awaited<ReturnType<typeof makeCustomer>>;
export type TariffRow = Awaited<ReturnType<typeof makeTariff>>;

export interface Tree {
  rows: Record<Node, CustomerRow>;
  viewers: Record<Node, Viewer>;
  /** The tariff each customer was assigned (owned by its parent). */
  tariffs: Record<Billed, TariffRow>;
}

export function makeTariff(db: Db, ownerId: number, currency = "USD") {
  const name = unique("Tariff");
  return db.tariff.create({ data: { ownerId, name, nameKey: textKey(name), currency } });
}

export const A1_OPENING = 100_000_000n; // 100 USD at scale 6
export const A1_CREDIT_LIMIT = 50_000_000n;

export async function buildTree(db: Db): Promise<Tree> {
  const rows = {} as Record<Node, CustomerRow>;
  const tariffs = {} as Record<Billed, TariffRow>;
  for (const node of NODES) {
    const parentNode = PARENT[node];
    const parent = parentNode ? rows[parentNode] : null;
    const tariff = parent ? await makeTariff(db, parent.id) : null;
    rows[node] = await makeCustomer(db, parent, {
      tariffId: tariff?.id ?? null,
      baseCurrency: "USD",
      creditLimit: node === "A1" ? A1_CREDIT_LIMIT : 0n,
    });
    if (tariff) tariffs[node as Billed] = tariff;
  }
  await db.tariffRate.create({
    data: { tariffId: tariffs.A1.id, prefix: "44", price1: 12_300n, priceN: 12_300n, interval1: 60, intervalN: 60 },
  });
  await book(
    db,
    {
      holder: { kind: "customer", id: rows.A1.id },
      type: "add_funds",
      amount: A1_OPENING,
      entered: { amount: A1_OPENING, currency: "USD", rate: null },
      notes: "seed",
      actor: { id: rows.A.id, path: rows.A.path },
      idempotencyKey: null,
      ip: null,
    },
    "USD",
  );
  rows.A1 = await db.customer.findUniqueOrThrow({ where: { id: rows.A1.id } });
  const viewers = Object.fromEntries(NODES.map((n) => [n, viewerOf(rows[n])])) as Record<Node, Viewer>;
  return { rows, viewers, tariffs };
}
