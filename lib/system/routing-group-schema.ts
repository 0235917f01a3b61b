// The routing group forms (the group, an entry, a customer's assignment),
// shared by the dialogs, the server actions and the XML-RPC methods.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { freeText, nameText } from "@/lib/forms/text";

/** The orders a group may try its routes in (docs/domain.md, "Routing"). */
export const POLICIES = ["least_cost", "preference", "prefix_length"] as const;
export type Policy = (typeof POLICIES)[number];

export const routingGroupSchema = z.object({
  name: nameText(100),
  policy: z.enum(POLICIES, { error: problem("routingPolicy") }),
  description: freeText(500),
});

export type RoutingGroupInput = z.input<typeof routingGroupSchema>;
export type RoutingGroupValues = z.output<typeof routingGroupSchema>;
export const ROUTING_GROUP_FIELDS = ["name", "policy", "description"] as const;

const recordId = (code: "routingEntryConnection" | "routingEntrySet" | "routingGroupRequired") =>
  z
    .string({ error: problem(code) })
    .trim()
    .regex(/^[1-9]\d{0,9}$/, problem(code))
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, problem(code));

/** An entry: a connection paired with a destination set (picked from lists). */
export const routingEntrySchema = z.object({
  connectionId: recordId("routingEntryConnection"),
  destinationSetId: recordId("routingEntrySet"),
});

export type RoutingEntryInput = z.input<typeof routingEntrySchema>;
export type RoutingEntryValues = z.output<typeof routingEntrySchema>;
export const ROUTING_ENTRY_FIELDS = ["connectionId", "destinationSetId"] as const;

/** A top-level customer's routing group; empty: none. */
export const assignRoutingGroupSchema = z.object({
  routingGroupId: z
    .string()
    .trim()
    .refine((s) => s === "" || (/^[1-9]\d{0,9}$/.test(s) && Number(s) <= 2_147_483_647), problem("routingGroupRequired"))
    .transform((s) => (s === "" ? null : Number(s))),
});

export type AssignRoutingGroupInput = z.input<typeof assignRoutingGroupSchema>;
export type AssignRoutingGroupValues = z.output<typeof assignRoutingGroupSchema>;
