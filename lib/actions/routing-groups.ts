"use server";
// Server actions on routing groups, their entries and their assignment to a
// customer directly under Root (lib/system/routing-groups), judged by the
// `system` rule: anyone without it is answered "not found".
import { assignRoutingGroupSchema, routingEntrySchema, routingGroupSchema } from "@/lib/system/routing-group-schema";
import { addRoutingEntry, assignRoutingGroup, createRoutingGroup, deleteRoutingGroup, removeRoutingEntry, updateRoutingGroup } from "@/lib/system/routing-groups";
import { systemAction } from "./system-action";

const GROUPS = { path: "/system/routing-groups", layout: true };
const GROUP_PAGE = { path: (ids: { groupId: number }) => `/system/routing-groups/${ids.groupId}` };

export const createRoutingGroupAction = systemAction({ input: () => routingGroupSchema, access: "manage", revalidate: GROUPS }, async ({ viewer, ip, input }) => {
  const group = await createRoutingGroup(viewer, input, ip);
  return { id: group.id, name: group.name };
});

export const updateRoutingGroupAction = systemAction(
  { ids: ["id"], input: () => routingGroupSchema, access: "manage", revalidate: GROUPS },
  async ({ viewer, ip, ids, input }) => {
    const group = await updateRoutingGroup(viewer, ids.id, input, ip);
    return { id: group.id, name: group.name };
  },
);

export const deleteRoutingGroupAction = systemAction({ ids: ["id"], access: "manage", revalidate: GROUPS }, async ({ viewer, ip, ids }) => {
  const group = await deleteRoutingGroup(viewer, ids.id, ip);
  return { name: group.name };
});

export const addRoutingEntryAction = systemAction(
  { ids: ["groupId"], input: () => routingEntrySchema, access: "manage", revalidate: GROUP_PAGE },
  async ({ viewer, ip, ids, input }) => {
    const entry = await addRoutingEntry(viewer, ids.groupId, input, ip);
    return { id: entry.id };
  },
);

export const removeRoutingEntryAction = systemAction(
  { ids: ["groupId", "entryId"], access: "manage", revalidate: GROUP_PAGE },
  async ({ viewer, ip, ids }) => {
    await removeRoutingEntry(viewer, ids.groupId, ids.entryId, ip);
    return {};
  },
);

/** Root only: the routing group of a customer directly under Root (its page). */
export const assignRoutingGroupAction = systemAction(
  { ids: ["customerId"], input: () => assignRoutingGroupSchema, access: "assign", revalidate: { path: (ids: { customerId: number }) => `/customers/${ids.customerId}` } },
  async ({ viewer, ip, ids, input }) => {
    const assigned = await assignRoutingGroup(viewer, ids.customerId, input.routingGroupId, ip);
    return { name: assigned.name };
  },
);
