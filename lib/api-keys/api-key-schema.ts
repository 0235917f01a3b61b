// The "New API key" form: a name saying which switch or system uses the key.
import { z } from "zod";
import { nameText } from "@/lib/forms/text";

export const API_KEY_NAME_MAX = 64;

export const apiKeySchema = z.object({ name: nameText(API_KEY_NAME_MAX) });

export type ApiKeyInput = z.input<typeof apiKeySchema>;
export type ApiKeyValues = z.output<typeof apiKeySchema>;
