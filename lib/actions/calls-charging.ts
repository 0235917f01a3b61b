"use server";
// Server actions of the CSV import of call records and of unrated records
// (Root, and customers holding system_mgmt, for their subtree): both charge
// through the same path as the JSON API (lib/calls/charge.ts, recharge.ts).
import { z } from "zod";
import { db } from "@/lib/db/client";
import { chargeBatch } from "@/lib/calls/charge";
import { chargeAgain } from "@/lib/calls/recharge";
import { CDR_FIELDS } from "@/lib/calls/cdr-schema";
import { IMPORT_CHUNK, reportOf } from "@/lib/calls/cdr-csv";
import { serverAction } from "./server-action";

// What the browser sends: records it has checked, with their file lines. The
// server checks each again (chargeBatch) and trusts nothing else of it.
const chunkSchema = z.object({
  records: z
    .array(z.object({ line: z.int().min(1).max(100_000_000), record: z.partialRecord(z.enum(CDR_FIELDS), z.string().max(1_000)) }))
    .min(1)
    .max(IMPORT_CHUNK),
});

export const importCdrsAction = serverAction(
  { input: () => chunkSchema, access: ["call", "charge"], revalidate: { path: "/calls", layout: true } },
  async ({ viewer, ip, input }) => {
    const outcomes = await chargeBatch(
      db,
      viewer,
      input.records.map((r) => r.record),
      { source: "import", audit: { action: "import", resource: "cdrs:import", ip } },
    );
    return reportOf(
      input.records.map((r) => r.line),
      outcomes,
    );
  },
);

const idsSchema = z.object({ ids: z.array(z.string().regex(/^\d{1,18}$/)).min(1).max(500) });

export const chargeAgainAction = serverAction(
  { input: () => idsSchema, access: ["call", "charge"], revalidate: { path: "/calls", layout: true } },
  async ({ viewer, ip, input }) => chargeAgain(db, viewer, input.ids.map(BigInt), { ip }),
);
