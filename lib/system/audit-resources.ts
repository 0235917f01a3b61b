// Sippy-style audit resources of the system settings (lib/audit/write-audit.ts).
export const vendorResource = (id: number) => `vendors:i_vendor=${id}`;
export const connectionResource = (id: number) => `connections:i_connection=${id}`;
export const routingGroupResource = (id: number) => `routing_groups:i_routing_group=${id}`;
export const routingEntryResource = (groupId: number, entryId: number) => `routing_group_members:i_routing_group=${groupId}:i_routing_group_member=${entryId}`;
