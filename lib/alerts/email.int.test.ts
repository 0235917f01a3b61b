// Notification e-mail against a real SMTP server on loopback (the smtp-server
// package, started here): what is sent, in the recipient's language; that a
// failing server loses neither money nor the notification; and that nothing
// is sent twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { saveOwnThresholds } from "./thresholds";
import { MAX_ATTEMPTS, mailSettingsFromEnv, sendDueEmails } from "./email";

interface Received {
  to: string[];
  raw: string;
}

let db: Db;
let parent: Viewer;
let child: Viewer;
let sink: SMTPServer;
let port: number;
const received: Received[] = [];

const move = (viewer: Viewer, customerId: number, action: "debit" | "add_funds", amount: string) =>
  runMaintenance(viewer, customerId, maintenanceSchema("en").parse({ action, amount, currency: "USD", notes: "", idempotencyKey: randomUUID() }), null);
const mine = () => db.notification.findMany({ where: { recipientId: { in: [parent.id, child.id] } }, orderBy: { id: "asc" } });
/** Only this file's rows are due: other files' notifications (recipients without an address) are skipped anyway. */
const settings = () => ({ url: `smtp://127.0.0.1:${port}`, from: "Switchboard <alerts@switchboard.test>" });

beforeAll(async () => {
  db = testDb();
  const topRow = await makeCustomer(db, null);
  const parentRow = await makeCustomer(db, topRow);
  const childRow = await makeCustomer(db, parentRow, { creditLimit: 100_000_000n, language: "ru", timeZone: "Europe/Moscow" });
  await db.customer.update({ where: { id: parentRow.id }, data: { email: "owner@reseller.test" } });
  await db.customer.update({ where: { id: childRow.id }, data: { email: " client@retail.test " } });
  [parent, child] = [viewerOf(parentRow), viewerOf(childRow)];
  await saveOwnThresholds(parent, { own: null, forCustomers: 10_000_000n }, null);
  await saveOwnThresholds(child, { own: 5_000_000n, forCustomers: null }, null);
  // A plain SMTP sink on loopback: no TLS, no login, every message kept.
  sink = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  port = (sink.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  await db.$disconnect();
});

describe("notification e-mail", () => {
  it("is off without SWITCHBOARD_SMTP_URL, on with it", () => {
    expect(mailSettingsFromEnv({})).toBeNull();
    expect(mailSettingsFromEnv({ SWITCHBOARD_SMTP_URL: "smtp://mail:25" })).toEqual({ url: "smtp://mail:25", from: "Switchboard <switchboard@localhost>" });
    expect(mailSettingsFromEnv({ SWITCHBOARD_SMTP_URL: "smtp://mail:25", SWITCHBOARD_SMTP_FROM: "Ops <ops@x.test>" })?.from).toBe("Ops <ops@x.test>");
  });

  it("keeps the booking and the notification when the mail server is down, and says why", async () => {
    await move(parent, child.id, "add_funds", "20");
    await move(parent, child.id, "debit", "11"); // 9: below the parent's 10
    const down = { url: "smtp://127.0.0.1:1", from: "x@y.test" };
    const report = await sendDueEmails(db, down);
    expect(report.failed).toBeGreaterThanOrEqual(1);
    const [n] = await mine();
    expect(n).toMatchObject({ emailState: "pending", emailAttempts: 1, recipientId: parent.id });
    expect(n!.emailError).toMatch(/ECONNREFUSED|connect/i);
    expect(n!.emailNextAt.getTime()).toBeGreaterThan(Date.now()); // paused before the next attempt
    expect(await db.customer.findUniqueOrThrow({ where: { id: child.id }, select: { balance: true } })).toEqual({ balance: 9_000_000n });
    // Not due yet: nothing is tried again at once.
    expect((await sendDueEmails(db, down)).failed).toBe(0);
  });

  it("sends it once the server answers, to the recipient's address, in its language", async () => {
    await db.notification.updateMany({ where: { recipientId: parent.id }, data: { emailNextAt: new Date() } });
    await move(parent, child.id, "debit", "5"); // 4: below the child's own 5 (Russian, Moscow time)
    const report = await sendDueEmails(db, settings());
    expect(report.sent).toBe(2);
    expect((await mine()).map((n) => n.emailState)).toEqual(["sent", "sent"]);
    const toParent = received.find((m) => m.to.includes("owner@reseller.test"))!;
    expect(toParent.raw).toContain(`Subject: Low balance: ${child.name} has $9.00`);
    expect(toParent.raw).toContain(`The balance of your customer ${child.name} fell below $10.00`);
    const toChild = received.find((m) => m.to.includes("client@retail.test"))!;
    // Russian, base64 in the message: decoded, the amounts in Russian style, the time in Moscow (UTC+3).
    const [head, encoded] = toChild.raw.split("\r\n\r\n");
    expect(head).toMatch(/Content-Transfer-Encoding: base64/);
    const body = Buffer.from(encoded!, "base64").toString("utf8");
    expect(body).toContain("Ваш баланс опустился ниже 5,00\u00a0$");
    expect(body).toContain("сейчас 4,00\u00a0$.");
    const sentAt = (await mine())[1]!.createdAt;
    expect(body).toContain(`${String((sentAt.getUTCHours() + 3) % 24).padStart(2, "0")}:${String(sentAt.getUTCMinutes()).padStart(2, "0")}`);
    // Sent ones are never sent again.
    expect(await sendDueEmails(db, settings())).toMatchObject({ sent: 0 });
    expect(received).toHaveLength(2);
  });

  it("gives up after the last attempt and marks it failed; no address or too old: skipped", async () => {
    await move(parent, child.id, "add_funds", "20"); // 24
    await move(parent, child.id, "debit", "15"); // 9: a new crossing for the parent
    const down = { url: "smtp://127.0.0.1:1", from: "x@y.test" };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await db.notification.updateMany({ where: { recipientId: parent.id, emailState: "pending" }, data: { emailNextAt: new Date() } });
      await sendDueEmails(db, down);
    }
    const last = (await mine()).at(-1)!;
    expect(last).toMatchObject({ emailState: "failed", emailAttempts: MAX_ATTEMPTS });

    await db.customer.update({ where: { id: parent.id }, data: { email: "" } });
    await move(parent, child.id, "add_funds", "20"); // 29
    await move(parent, child.id, "debit", "20"); // 9: another crossing
    await sendDueEmails(db, settings());
    expect((await mine()).at(-1)).toMatchObject({ emailState: "skipped", emailError: "no address" });
    expect(received).toHaveLength(2);
  });
});
