// Inserts one customer row with its materialized path. The id is drawn from
// the sequence first so that the path ("<parent path><id>/") is written by the
// same INSERT: no row ever exists without its final path.
import type { DbOrTx } from "@/lib/db/types";
import { loginKey } from "@/lib/auth/login-key";
import { childPath, tenantOfPath } from "./scope";

export interface NewCustomerRow {
  parent: { id: number; path: string; depth: number } | null;
  name: string;
  webLogin: string;
  passwordHash: string;
  language: string;
  timeZone: string;
  /** Its tariff's currency (Root: the install's). */
  baseCurrency: string;
  tariffId: number | null;
  creditLimit?: bigint;
  rights?: number;
  maxDepth?: number;
  contact?: { company: string; contactName: string; email: string; phone: string; address: string; description: string };
}

export async function insertCustomer(tx: DbOrTx, row: NewCustomerRow) {
  const [next] = await tx.$queryRaw<{ id: number }[]>`
    SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id`;
  const id = next!.id;
  if (row.parent) {
    await tx.customer.update({ where: { id: row.parent.id }, data: { subCustomers: { increment: 1 } } });
  }
  const path = childPath(row.parent?.path ?? null, id);
  return tx.customer.create({
    data: {
      id,
      tenantId: tenantOfPath(path),
      parentId: row.parent?.id ?? null,
      path,
      depth: row.parent ? row.parent.depth + 1 : 0,
      name: row.name,
      webLogin: row.webLogin,
      loginKey: loginKey(row.webLogin),
      passwordHash: row.passwordHash,
      language: row.language,
      timeZone: row.timeZone,
      baseCurrency: row.baseCurrency,
      displayCurrency: row.baseCurrency,
      tariffId: row.tariffId,
      creditLimit: row.creditLimit ?? 0n,
      rights: row.rights ?? 0,
      maxDepth: row.maxDepth ?? 0,
      ...row.contact,
    },
  });
}
