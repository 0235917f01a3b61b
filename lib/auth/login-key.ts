// Web logins are unique regardless of case: "Acme" and "acme" are one login.
// The key is what the unique index holds; the login as typed is kept for display.
import { textKey } from "@/lib/forms/text";

export const loginKey = textKey;
