"use server";
// Server actions on the viewer's API keys (lib/api-keys).
import { apiKeySchema } from "@/lib/api-keys/api-key-schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { serverAction } from "./server-action";

const KEYS = { path: "/api-keys" };

// The answer carries the whole key: the dialog shows it once and forgets it.
export const createApiKeyAction = serverAction({ input: () => apiKeySchema, access: ["apiKey", "create"], revalidate: KEYS }, async ({ viewer, ip, input }) => {
  const key = await createApiKey(viewer, input, ip);
  return { id: key.id, name: key.name, prefix: key.prefix, token: key.token };
});

export const revokeApiKeyAction = serverAction({ ids: ["id"], access: ["apiKey", "revoke"], revalidate: KEYS }, async ({ viewer, ip, ids }) => {
  const key = await revokeApiKey(viewer, ids.id, ip);
  return { id: key.id, name: key.name };
});
