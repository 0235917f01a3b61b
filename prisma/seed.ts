// First-start seed: the Root customer and, unless turned off, a small demo
// tree (4 levels, each customer with a web login). Idempotent: once Root
// exists nothing is written, so restarts and concurrent starts are harmless.
import { randomBytes } from "node:crypto";
import type { Db } from "../lib/db/create-client";
import { hashPassword } from "../lib/auth/password";
import { insertCustomer } from "../lib/customers/insert-customer";
import { writeAudit, customerResource } from "../lib/audit/write-audit";

interface DemoCustomer {
  name: string;
  login: string;
  language: string;
  timeZone: string;
  children?: DemoCustomer[];
}

export const DEMO_TREE: DemoCustomer[] = [
  {
    name: "Acme Telecom",
    login: "acme",
    language: "en",
    timeZone: "America/New_York",
    children: [
      {
        name: "Acme Retail",
        login: "acme-retail",
        language: "en",
        timeZone: "America/Chicago",
        children: [{ name: "Joe's Pizza", login: "joes-pizza", language: "en", timeZone: "America/Chicago" }],
      },
      { name: "Bolt Networks", login: "bolt", language: "en", timeZone: "Europe/London" },
    ],
  },
  {
    name: "Volga Telecom",
    login: "volga",
    language: "ru",
    timeZone: "Europe/Moscow",
    children: [{ name: "Kazan Connect", login: "kazan", language: "ru", timeZone: "Europe/Moscow" }],
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
      const create = async (parent: { id: number; path: string; depth: number } | null, c: Omit<DemoCustomer, "children">, given?: string) => {
        const password = given ?? generatePassword();
        const row = await insertCustomer(tx, {
          parent,
          name: c.name,
          webLogin: c.login,
          passwordHash: await hashPassword(password),
          language: c.language,
          timeZone: c.timeZone,
        });
        await writeAudit(tx, {
          actor: parent ? { id: parent.id, path: parent.path } : null,
          action: "create",
          resource: customerResource(row.id),
          after: { name: row.name, webLogin: row.webLogin, source: "seed" },
        });
        logins.push({ login: c.login, name: c.name, generatedPassword: given ? undefined : password });
        return row;
      };

      const root = await create(
        null,
        { name: options.rootName ?? "Root", login: options.rootLogin ?? "root", language: "en", timeZone: "UTC" },
        options.rootPassword,
      );
      if (options.demo !== false) {
        const walk = async (parent: typeof root, nodes: DemoCustomer[]) => {
          for (const node of nodes) {
            const row = await create(parent, node, options.demoPassword);
            await walk(row, node.children ?? []);
          }
        };
        await walk(root, DEMO_TREE);
      }
      return { created: true, logins };
    },
    { timeout: 60_000 },
  );
}
