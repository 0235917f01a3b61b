// Bulk actions on selected customers (issue 14, "What an operator expects to
// find"): block, unblock, Credit or Add Funds to many with one note; each
// booking through the ledger, audited, per-row results, a resend booking
// nothing twice. Each test has its own reseller under Acme.
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";
import { customer, reseller } from "./tree-helpers";

test("block and unblock the selected customers, each audited, results per row", async ({ page }) => {
  test.slow();
  const me = await reseller();
  const a = await customer({ parent: me, name: `Bulk A ${me.login.slice(-6)}` });
  const b = await customer({ parent: me, name: `Bulk B ${me.login.slice(-6)}` });
  const c = await customer({ parent: me, name: `Bulk C ${me.login.slice(-6)}` });
  await loginAs(page, me.login, PASSWORD);
  await page.getByLabel(`Select ${a.name}`).check();
  await page.getByLabel(`Select ${b.name}`).check();
  const bar = page.getByRole("region", { name: "Actions on the selected customers" });
  await expect(bar).toContainText("2 customers selected");
  await bar.getByRole("button", { name: "Block", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Block the selected customers" });
  await dialog.getByRole("button", { name: "Block", exact: true }).click();
  const results = dialog.getByTestId("bulk-results");
  await expect(results).toContainText("2 done, 0 refused.");
  await expect(results.getByRole("listitem")).toHaveText([`${a.name}Done`, `${b.name}Done`]);
  const rows = await sql<{ id: number; blocked: boolean }>("SELECT id, blocked FROM customers WHERE id = ANY($1::int[]) ORDER BY id", [[a.id, b.id, c.id]]);
  expect(rows.map((r) => r.blocked)).toEqual([true, true, false]);
  const audits = await sql<{ n: string }>(
    "SELECT count(*)::text AS n FROM audit_log WHERE actor_id = $1 AND resource = ANY($2::text[]) AND after->>'blocked' = 'true'",
    [me.id, [`customers:i_customer=${a.id}`, `customers:i_customer=${b.id}`]],
  );
  expect(audits[0]!.n).toBe("2");
  await results.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(bar).toBeHidden();

  await page.getByLabel("Select all customers on this page").check();
  await bar.getByRole("button", { name: "Unblock" }).click();
  const unblock = page.getByRole("dialog", { name: "Unblock the selected customers" });
  await unblock.getByRole("button", { name: "Unblock" }).click();
  await expect(unblock.getByTestId("bulk-results")).toContainText("3 done, 0 refused.");
  expect((await sql<{ n: string }>("SELECT count(*)::text AS n FROM customers WHERE id = ANY($1::int[]) AND blocked", [[a.id, b.id, c.id]]))[0]!.n).toBe("0");
});

test("Add Funds to many with one note: one booking each through the ledger, a refusal named on its row", async ({ page }) => {
  test.slow();
  const me = await reseller();
  const a = await customer({ parent: me, name: `Fund A ${me.login.slice(-6)}` });
  const b = await customer({ parent: me, name: `Fund B ${me.login.slice(-6)}` });
  await loginAs(page, me.login, PASSWORD);
  await page.getByLabel(`Select ${a.name}`).check();
  await page.getByLabel(`Select ${b.name}`).check();
  // B is deleted behind the page's back: its row is refused, A's booked.
  await sql("UPDATE customers SET archived_at = now() WHERE id = $1", [b.id]);
  await page.getByRole("button", { name: "Credit or Add Funds" }).click();
  const dialog = page.getByRole("dialog", { name: "Credit or Add Funds to the selected customers" });
  await dialog.getByLabel("Amount").fill("abc");
  await dialog.getByRole("button", { name: "Book" }).click();
  await expect(dialog.getByRole("textbox", { name: "Amount" })).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Amount").fill("12.50");
  await dialog.getByLabel(/^Transaction notes/).fill("promo december");
  await dialog.getByRole("button", { name: "Book" }).click();
  const results = dialog.getByTestId("bulk-results");
  await expect(results).toContainText("1 done, 1 refused.");
  await expect(results.getByRole("listitem").filter({ hasText: a.name })).toContainText("Done");
  await expect(results.getByRole("listitem").filter({ hasText: b.name })).not.toContainText("Done");
  const booked = await sql<{ customer_id: number; amount: string; type: string; idempotency_key: string }>(
    "SELECT customer_id, amount::text, type, idempotency_key FROM transactions WHERE notes = 'promo december' AND actor_id = $1",
    [me.id],
  );
  expect(booked).toHaveLength(1);
  expect(booked[0]).toMatchObject({ customer_id: a.id, amount: "12500000", type: "add_funds" });
  expect(booked[0]!.idempotency_key).toMatch(new RegExp(`^[0-9a-f-]{36}:${a.id}$`));
  const [balance] = await sql<{ balance: string }>("SELECT balance::text FROM customers WHERE id = $1", [a.id]);
  expect(balance!.balance).toBe("12500000");
  await results.getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("table", { name: "Customers" }).getByRole("row").filter({ hasText: a.name })).toContainText("$12.50");
});

test("Russian: the bulk Credit in Russian, the amount typed with a comma", async ({ page }) => {
  test.slow();
  const me = await reseller("ru");
  const a = await customer({ parent: me, name: `Пакет ${me.login.slice(-6)}` });
  await loginAs(page, me.login, PASSWORD);
  await page.getByLabel(`Выбрать ${a.name}`).check();
  await expect(page.getByRole("region", { name: "Действия с выбранными клиентами" })).toContainText("Выбран 1 клиент");
  await page.getByRole("button", { name: "Кредит или пополнение" }).click();
  const dialog = page.getByRole("dialog", { name: "Кредит или пополнение выбранным клиентам" });
  await dialog.getByLabel("Кредит").check();
  await dialog.getByLabel("Сумма").fill("2,5");
  await dialog.getByRole("button", { name: "Провести" }).click();
  await expect(dialog.getByTestId("bulk-results")).toContainText("Выполнено: 1, отказано: 0.");
  const [row] = await sql<{ amount: string; type: string }>("SELECT amount::text, type FROM transactions WHERE customer_id = $1 AND actor_id = $2", [a.id, me.id]);
  expect(row).toEqual({ amount: "2500000", type: "credit" });
});
