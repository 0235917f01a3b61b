// What a switch sends to authorize a call (POST /api/v1/authorize).
import { z } from "zod";

/** A SIP Call-ID or any switch's call id: printable ASCII without spaces. */
export const CALL_ID = /^[\x21-\x7e]+$/;
export const CALL_ID_MAX = 255;

export const authorizeRequestSchema = z.strictObject({
  account: z.string().trim().min(1).max(64).meta({ description: "The account's username (case-insensitive)." }),
  callId: z
    .string()
    .min(1)
    .max(CALL_ID_MAX)
    .regex(CALL_ID)
    .meta({ description: "The switch's id for the call (SIP Call-ID): printable ASCII without spaces. Its record is sent with the same id." }),
  cli: z.string().max(128).meta({ description: "The calling number (may be empty: anonymous)." }),
  cld: z.string().trim().min(1).max(64).meta({ description: "The called number; spaces, dashes, dots, brackets, a leading + or 00 are ignored." }),
});

export type AuthorizeRequest = z.output<typeof authorizeRequestSchema>;
