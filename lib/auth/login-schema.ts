import { z } from "zod";
import { invisibleCharacter } from "@/lib/forms/text";

// Messages are catalogue keys under "login"; the form translates them.
export const loginSchema = z.object({
  login: z
    .string()
    .trim()
    .min(1, "loginRequired")
    .max(64, "invalid")
    // A login pasted from a chat or a document may carry an invisible character: name the real problem.
    .refine((s) => invisibleCharacter(s) === undefined, "invisibleCharacters"),
  password: z.string().min(1, "passwordRequired").max(256, "invalid"),
});

export type LoginInput = z.infer<typeof loginSchema>;

/** next-auth's error codes, as the login form receives them, to catalogue keys. */
export function loginErrorKey(code: string | null | undefined): "invalid" | "throttled" | "blocked" | "failed" {
  if (code === "CredentialsSignin") return "invalid";
  if (code === "throttled" || code === "blocked") return code;
  return "failed";
}
