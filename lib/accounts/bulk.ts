// "Add accounts in bulk": prepaid cards. N accounts with random usernames
// (a prefix and digits) and generated passwords, one tariff, one opening
// balance, one batch tag, written in ONE transaction: all of them or none.
// The generated secrets leave the server once, in the answer; the database
// keeps only their digests.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { generateSecret, randomDigits } from "@/lib/auth/generate-secret";
import { hashGeneratedSecret } from "@/lib/auth/password";
import { loginKey } from "@/lib/auth/login-key";
import { claimLoginNames } from "@/lib/auth/login-names";
import { requireRightFor } from "@/lib/access/access";
import { lockAssignableTariff } from "@/lib/tariffs/tariffs";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { isRecordId } from "@/lib/db/record-id";
import { tenantOfPath } from "@/lib/customers/scope";
import type { BulkAccountsValues } from "./account-schema";
import { sipRealm, voipHa1 } from "./voip-digest";

export interface CardCredentials {
  username: string;
  voipPassword: string;
  webPassword: string;
}

/** Rows written per statement: progress is reported after each. */
const CHUNK = 500;

/** Distinct usernames not held by anyone: drawn, checked against both tables, redrawn where taken. */
async function drawUsernames(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], prefix: string, digits: number, count: number) {
  // key -> the name as generated (the prefix keeps its case).
  const chosen = new Map<string, string>();
  for (let round = 0; chosen.size < count; round++) {
    if (round > 20) throw new DomainError(problem("bulkDigitsTooFew", { digits, count, needed: digits + 1 }), "digits");
    const fresh = new Map<string, string>();
    while (fresh.size + chosen.size < count) {
      const name = `${prefix}${randomDigits(digits)}`;
      if (!chosen.has(loginKey(name))) fresh.set(loginKey(name), name);
    }
    const taken = await claimLoginNames(tx, [...fresh.values()]);
    for (const [key, name] of fresh) if (!taken.has(key)) chosen.set(key, name);
  }
  return [...chosen.values()];
}

export async function createAccountsInBulk(
  viewer: Viewer,
  values: BulkAccountsValues,
  ip: string | null,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ batchTag: string; currency: string; cards: CardCredentials[] }> {
  requireRightFor(viewer, "account", "create");
  if (!isRecordId(values.tariffId)) throw new DomainError(problem("tariffRequired"), "tariffId");
  const realm = sipRealm();
  return db.$transaction(
    async (tx) => {
      const [owner] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM customers WHERE id = ${viewer.id}::int AND archived_at IS NULL FOR UPDATE`;
      if (!owner) throw new DomainError(problem("notFound"));
      const tariff = await lockAssignableTariff(tx, viewer, values.tariffId);
      // A tag names one batch of the owner's (the owner row lock above serializes runs).
      const reused = await tx.account.findFirst({ where: { customerId: viewer.id, batchTag: values.batchTag }, select: { id: true } });
      if (reused) throw new DomainError(problem("batchTagTaken"), "batchTag");

      const usernames = await drawUsernames(tx, values.prefix, values.digits, values.count);
      // Counted first, so that the last progress report is the run's last step before COMMIT: a client
      // that left by then (onProgress throws) still rolls everything back.
      await tx.customer.update({ where: { id: viewer.id }, data: { liveAccounts: { increment: values.count } } });
      const cards: CardCredentials[] = [];
      onProgress(0, values.count);
      for (let start = 0; start < usernames.length; start += CHUNK) {
        const chunk = usernames.slice(start, start + CHUNK).map((username) => ({ username, voipPassword: generateSecret(), webPassword: generateSecret() }));
        // One statement per chunk: the accounts, their opening ledger rows and their audit records.
        await tx.$executeRawUnsafe(
          `WITH input AS (
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $15::text[]) AS i(username, ha1, web_hash, username_key)),
           made AS (
             INSERT INTO accounts (tenant_id, customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash,
                                   tariff_id, currency, balance, credit_limit, time_zone, language, batch_tag, updated_at)
             SELECT $16::int, $4::int, $5::text, username, username_key, username, ha1, $6::text, web_hash,
                    $7::int, $8::text, $9::bigint, $10::bigint, $11::text, $12::text, $13::text, now()
             FROM input
             RETURNING id, username, balance),
           opened AS (
             INSERT INTO transactions (tenant_id, account_id, type, amount, entered_amount, entered_currency, balance_after, actor_id)
             SELECT $16::int, id, 'opening', balance, balance, $8::text, balance, $4::int FROM made WHERE balance <> 0)
           INSERT INTO audit_log (tenant_id, actor_id, actor_path, action, resource, after, ip)
           SELECT $16::int, $4::int, $5::text, 'create', 'accounts:i_account=' || id,
                  jsonb_build_object('username', username, 'tariffId', $7::int, 'creditLimit', $10::text, 'balance', balance::text, 'batchTag', $13::text), $14::text
           FROM made`,
          chunk.map((c) => c.username),
          chunk.map((c) => voipHa1(c.username, c.voipPassword, realm)),
          chunk.map((c) => hashGeneratedSecret(c.webPassword)),
          viewer.id,
          viewer.path,
          realm,
          tariff.id,
          tariff.currency,
          String(values.initialBalance),
          String(values.creditLimit),
          values.timeZone,
          values.language,
          values.batchTag,
          ip,
          chunk.map((c) => loginKey(c.username)),
          // The owner's tenant key: the accounts', their ledger rows' and (the owner acting) their audit records'.
          tenantOfPath(viewer.path),
        );
        cards.push(...chunk);
        onProgress(cards.length, values.count);
      }
      return { batchTag: values.batchTag, currency: tariff.currency, cards };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
