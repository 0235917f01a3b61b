// A separate process that charges one batch of call records and exits: the
// concurrency test kills it (SIGKILL) in the middle of its transaction to
// prove that a crashed batch leaves nothing behind and can be sent again.
// Usage: tsx tests/charge-child.ts RECORDS.json PRINCIPAL_ID (DATABASE_URL set).
import { readFileSync } from "node:fs";
import { createPrismaClient } from "../lib/db/create-client";
import { chargeBatch } from "../lib/calls/charge";

const [file, principalId] = process.argv.slice(2);
const db = createPrismaClient(process.env.DATABASE_URL!);
const who = await db.customer.findUniqueOrThrow({ where: { id: Number(principalId) }, select: { id: true, path: true, rights: true, parentId: true } });
const records = JSON.parse(readFileSync(file!, "utf8")) as unknown[];
console.log("charging");
const outcomes = await chargeBatch(db, { id: who.id, path: who.path, rights: who.rights, isRoot: who.parentId === null }, records, { source: "api" });
console.log(`done ${outcomes.filter((o) => o.outcome === "charged").length}`);
await db.$disconnect();
