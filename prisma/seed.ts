// First-start seed: the Root customer and, unless turned off, a small demo
// tree (4 levels, each customer with a web login), its resellers' voucher
// batches (seed-vouchers.ts), two vendors and a routing group for the
// resellers (seed-routing.ts) and a week of its calls (seed-calls.ts).
// Idempotent: once Root exists nothing is written, so restarts and
// concurrent starts are harmless.
import { randomBytes } from "node:crypto";
import type { Db } from "../lib/db/create-client";
import { hashGeneratedSecret, hashPassword } from "../lib/auth/password";
import { generateSecret, randomDigits } from "../lib/auth/generate-secret";
import { sipRealm, voipHa1 } from "../lib/accounts/voip-digest";
import { accountResource } from "../lib/accounts/account-resource";
import { insertCustomer } from "../lib/customers/insert-customer";
import { tenantOfPath } from "../lib/customers/scope";
import { writeAudit, customerResource } from "../lib/audit/write-audit";
import { parseAmount, parseRate, rateToDecimalString, STORED_SCALE } from "../lib/money";
import { textKey } from "../lib/forms/text";
import type { DbOrTx } from "../lib/db/types";
import { ALL_RIGHTS, ROOT_MAX_DEPTH, toMask, type RightName } from "../lib/customers/rights";
import { bookOpening } from "../lib/ledger/book";
import { seedDemoCalls } from "./seed-calls";
import { seedDemoVouchers } from "./seed-vouchers";
import { seedDemoRouting } from "./seed-routing";

const ACCOUNT_RIGHTS: RightName[] = ["accounts_add", "accounts_edit", "accounts_delete"];
// Resellers sell vouchers too (seed-vouchers.ts gives each a batch).
const VOUCHER_RIGHTS: RightName[] = ["vouchers_add", "vouchers_edit", "vouchers_delete"];
const RESELLER_RIGHTS: RightName[] = ["customers_add", "customers_edit", "customers_delete", "tariffs_add", "tariffs_edit", "tariffs_delete", ...ACCOUNT_RIGHTS, ...VOUCHER_RIGHTS];

interface DemoTariff {
  name: string;
  currency: string;
  /** prefix -> price per minute, as typed */
  rates: Record<string, string>;
}

interface DemoCustomer {
  name: string;
  login: string;
  language: string;
  timeZone: string;
  /** The name of the parent's tariff assigned to it (its currency is the customer's). */
  tariff: string;
  tariffs?: DemoTariff[];
  /** currency -> "1 base = rate" */
  exchangeRates?: Record<string, string>;
  rights?: RightName[];
  maxDepth?: number;
  /** In the tariff's currency, as typed. */
  creditLimit?: string;
  initialBalance?: string;
  children?: DemoCustomer[];
}

const ROOT_TARIFFS: DemoTariff[] = [
  { name: "Wholesale USD", currency: "USD", rates: { "1": "0.005", "44": "0.012", "49": "0.011", "7": "0.03" } },
  { name: "Wholesale EUR", currency: "EUR", rates: { "1": "0.0046", "44": "0.011", "49": "0.01", "7": "0.028" } },
];
const ROOT_EXCHANGE_RATES = { EUR: "0.92", RUB: "89.5", GBP: "0.79" };

export const DEMO_TREE: DemoCustomer[] = [
  {
    name: "Acme Telecom",
    login: "acme",
    language: "en",
    timeZone: "America/New_York",
    tariff: "Wholesale USD",
    rights: RESELLER_RIGHTS,
    maxDepth: 3,
    creditLimit: "500",
    initialBalance: "1000",
    tariffs: [{ name: "Acme Retail USD", currency: "USD", rates: { "1": "0.009", "44": "0.02", "49": "0.022", "7": "0.05" } }],
    children: [
      {
        name: "Acme Retail",
        login: "acme-retail",
        language: "en",
        timeZone: "America/Chicago",
        tariff: "Acme Retail USD",
        rights: RESELLER_RIGHTS,
        maxDepth: 1,
        creditLimit: "100",
        initialBalance: "250",
        tariffs: [{ name: "Pizza Plan", currency: "USD", rates: { "1": "0.015", "44": "0.03" } }],
        children: [
          {
            name: "Joe's Pizza",
            login: "joes-pizza",
            language: "en",
            timeZone: "America/Chicago",
            tariff: "Pizza Plan",
            rights: ACCOUNT_RIGHTS,
            creditLimit: "20",
            initialBalance: "5",
            tariffs: [{ name: "Pizza Phones", currency: "USD", rates: { "1": "0.02", "44": "0.04" } }],
          },
        ],
      },
      {
        name: "Bolt Networks",
        login: "bolt",
        language: "en",
        timeZone: "Europe/London",
        tariff: "Acme Retail USD",
        rights: ACCOUNT_RIGHTS,
        tariffs: [{ name: "Bolt Office", currency: "USD", rates: { "1": "0.012", "44": "0.025" } }],
      },
    ],
  },
  {
    name: "Volga Telecom",
    login: "volga",
    language: "ru",
    timeZone: "Europe/Moscow",
    tariff: "Wholesale EUR",
    rights: RESELLER_RIGHTS,
    maxDepth: 2,
    creditLimit: "1000",
    initialBalance: "2500",
    tariffs: [{ name: "Volga RUB", currency: "RUB", rates: { "7": "2.5", "1": "0.9", "49": "1.2" } }],
    exchangeRates: { RUB: "97.25" },
    children: [
      {
        name: "Kazan Connect",
        login: "kazan",
        language: "ru",
        timeZone: "Europe/Moscow",
        tariff: "Volga RUB",
        rights: ACCOUNT_RIGHTS,
        creditLimit: "5000",
        initialBalance: "12000",
        tariffs: [{ name: "Kazan Abonent", currency: "RUB", rates: { "7": "3.1", "49": "1.8" } }],
      },
    ],
  },
];

export interface SeedOptions {
  rootLogin?: string;
  rootName?: string;
  /** Root's password; generated when not given. */
  rootPassword?: string;
  /** One password for every demo login; generated per login when not given. */
  demoPassword?: string;
  demo?: boolean;
  /** With the demo tree: a week of its calls, charged (prisma/seed-calls.ts). */
  demoCalls?: boolean;
  /** Root's base currency, fixed at install. */
  baseCurrency?: string;
}

export interface SeededLogin {
  login: string;
  name: string;
  /** Only when generated now: it is shown once and never stored in clear. */
  generatedPassword?: string;
}

export interface SeedResult {
  created: boolean;
  logins: SeededLogin[];
}

const generatePassword = () => randomBytes(12).toString("base64url");

export async function seed(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const result = await seedTree(db, options);
  // The vouchers and the calls go through the paths the app uses, which run
  // their own transactions: after the tree is committed. A start that dies
  // in between leaves a demo without vouchers or history, nothing
  // inconsistent; the next start finds Root and writes nothing.
  if (result.created && options.demo !== false) await seedDemoVouchers(db);
  if (result.created && options.demo !== false && options.demoCalls !== false) await seedDemoCalls(db);
  return result;
}

function seedTree(db: Db, options: SeedOptions): Promise<SeedResult> {
  return db.$transaction(
    async (tx) => {
      // Two starts at once: the second waits here, then finds Root.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(7320001)`;
      const existing = await tx.customer.findFirst({ where: { parentId: null }, select: { webLogin: true, name: true } });
      if (existing) {
        const demo = await tx.customer.findMany({
          where: { parentId: { not: null }, archivedAt: null, depth: { lte: 3 } },
          select: { webLogin: true, name: true },
          orderBy: { id: "asc" },
          take: 10,
        });
        return { created: false, logins: [existing, ...demo].map((c) => ({ login: c.webLogin, name: c.name })) };
      }

      const logins: SeededLogin[] = [];
      type Parent = { id: number; path: string; depth: number; tariffs: Map<string, { id: number; currency: string }> };
      const create = async (parent: Parent | null, c: Omit<DemoCustomer, "children" | "tariff">, tariffName: string | null, given?: string) => {
        const password = given ?? generatePassword();
        const tariff = tariffName ? parent?.tariffs.get(tariffName) : undefined;
        if (tariffName && !tariff) throw new Error(`demo tariff ${tariffName} is not its parent's`);
        const row = await insertCustomer(tx, {
          parent,
          name: c.name,
          webLogin: c.login,
          passwordHash: await hashPassword(password),
          language: c.language,
          timeZone: c.timeZone,
          baseCurrency: tariff?.currency ?? options.baseCurrency ?? "USD",
          tariffId: tariff?.id ?? null,
          rights: parent ? toMask(c.rights ?? []) : ALL_RIGHTS,
          maxDepth: parent ? (c.maxDepth ?? 0) : ROOT_MAX_DEPTH,
          creditLimit: tariff && c.creditLimit ? demoPrice(c.creditLimit, tariff.currency) : 0n,
        });
        if (parent && tariff && c.initialBalance) {
          const amount = demoPrice(c.initialBalance, tariff.currency);
          await bookOpening(tx, { kind: "customer", id: row.id }, amount, tariff.currency, { id: parent.id, path: parent.path }, null);
        }
        await writeAudit(tx, {
          actor: parent ? { id: parent.id, path: parent.path } : null,
          action: "create",
          resource: customerResource(row.id),
          after: { name: row.name, webLogin: row.webLogin, source: "seed" },
        });
        logins.push({ login: c.login, name: c.name, generatedPassword: given ? undefined : password });
        const tariffs = new Map<string, { id: number; currency: string }>();
        for (const t of c.tariffs ?? []) tariffs.set(t.name, await createDemoTariff(tx, row, t));
        await createDemoExchangeRates(tx, row, c.exchangeRates ?? {});
        if (parent) {
          const own = tariffs.values().next().value;
          if (own) await createDemoAccounts(tx, row, own, given);
        }
        return { ...row, tariffs };
      };

      const root = await create(
        null,
        {
          name: options.rootName ?? "Root",
          login: options.rootLogin ?? "root",
          language: "en",
          timeZone: "UTC",
          tariffs: options.demo !== false ? ROOT_TARIFFS : [],
          exchangeRates: options.demo !== false ? ROOT_EXCHANGE_RATES : {},
        },
        null,
        options.rootPassword,
      );
      if (options.demo !== false) {
        const walk = async (parent: typeof root, nodes: DemoCustomer[]) => {
          for (const node of nodes) {
            const row = await create(parent, node, node.tariff, options.demoPassword);
            await walk(row, node.children ?? []);
          }
        };
        await walk(root, DEMO_TREE);
        await seedDemoRouting(tx, root.id);
      }
      return { created: true, logins };
    },
    { timeout: 60_000 },
  );
}

const demoPrice = (text: string, currency: string) => {
  const parsed = parseAmount(text, currency, { maxDecimals: STORED_SCALE });
  if (!parsed.ok) throw new Error(`bad demo price ${text}`);
  return parsed.value;
};

/**
 * Every demo customer's accounts: three SIP phones ("<login>-100".."-102",
 * 10 in the tariff's currency each, web password the demo password when
 * given) and one batch of five prepaid cards (tag "<login>-cards-1").
 */
async function createDemoAccounts(tx: DbOrTx, owner: { id: number; path: string; webLogin: string }, tariff: { id: number; currency: string }, password?: string) {
  const realm = sipRealm();
  const phones = [100, 101, 102].map((n) => `${owner.webLogin}-${n}`);
  const cards = Array.from({ length: 5 }, () => `${owner.webLogin}-card-${randomDigits(8)}`);
  for (const username of [...phones, ...cards]) {
    const card = !phones.includes(username);
    const secret = password ?? generateSecret();
    const account = await tx.account.create({
      data: {
        tenantId: tenantOfPath(owner.path),
        customerId: owner.id,
        ownerPath: owner.path,
        username,
        usernameKey: textKey(username),
        authname: username,
        voipHa1: voipHa1(username, secret, realm),
        voipRealm: realm,
        webPasswordHash: card ? hashGeneratedSecret(secret) : await hashPassword(secret),
        tariffId: tariff.id,
        currency: tariff.currency,
        maxSessions: card ? 1 : 2,
        description: card ? "" : `Desk phone ${username.slice(-3)}`,
        batchTag: card ? `${owner.webLogin}-cards-1` : null,
      },
    });
    const amount = demoPrice(card ? "5" : "10", tariff.currency);
    await bookOpening(tx as Parameters<typeof bookOpening>[0], { kind: "account", id: account.id }, amount, tariff.currency, { id: owner.id, path: owner.path }, null);
    await writeAudit(tx, { actor: owner, action: "create", resource: accountResource(account.id), after: { username, source: "seed" } });
  }
  await tx.customer.update({ where: { id: owner.id }, data: { liveAccounts: { increment: phones.length + cards.length } } });
}

/** `owner`: the customer row, whose tenant key its tariffs, their rates and its exchange rates carry. */
async function createDemoTariff(tx: DbOrTx, owner: { id: number; tenantId: number }, t: DemoTariff) {
  const tariff = await tx.tariff.create({
    data: { tenantId: owner.tenantId, ownerId: owner.id, name: t.name, nameKey: textKey(t.name), currency: t.currency, description: "Demo tariff" },
  });
  await tx.tariffRate.createMany({
    data: Object.entries(t.rates).map(([prefix, price]) => ({
      tenantId: owner.tenantId,
      tariffId: tariff.id,
      prefix,
      price1: demoPrice(price, t.currency),
      priceN: demoPrice(price, t.currency),
      interval1: 60,
      intervalN: 60,
    })),
  });
  return { id: tariff.id, currency: t.currency };
}

async function createDemoExchangeRates(tx: DbOrTx, owner: { id: number; tenantId: number }, rates: Record<string, string>) {
  for (const [currency, text] of Object.entries(rates)) {
    const parsed = parseRate(text);
    if (!parsed.ok) throw new Error(`bad demo rate ${text}`);
    await tx.exchangeRate.create({ data: { tenantId: owner.tenantId, ownerId: owner.id, currency, rate: rateToDecimalString(parsed.rate), createdById: owner.id } });
  }
}
