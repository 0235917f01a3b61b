// The connection form (a vendor's gateway), shared by the dialog, the server
// actions and the XML-RPC methods.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { nameText } from "@/lib/forms/text";

export const PROTOCOLS = ["udp", "tcp", "tls"] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const MAX_CAPACITY = 100_000;

// A host name (RFC 1123 labels), an IPv4 address or a bracket-free IPv6 address.
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

export function isHost(text: string): boolean {
  if (IPV4.test(text)) return true;
  if (text.includes(":")) return IPV6.test(text) && text.split("::").length <= 2;
  // All-digit dotted names that are not valid IPv4 are typos, not host names.
  if (/^[\d.]+$/.test(text)) return false;
  return HOST_NAME.test(text);
}

export const connectionSchema = z.object({
  name: nameText(100),
  host: z.string({ error: problem("connectionHost") }).trim().refine(isHost, problem("connectionHost")),
  port: z
    .string({ error: problem("connectionPort") })
    .trim()
    .regex(/^\d{1,5}$/, problem("connectionPort"))
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, problem("connectionPort")),
  protocol: z.enum(PROTOCOLS, { error: problem("invalid") }),
  /** Empty: no limit. */
  capacity: z
    .string()
    .trim()
    .refine((s) => s === "" || (/^\d{1,6}$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_CAPACITY), problem("connectionCapacity", { max: MAX_CAPACITY }))
    .transform((s) => (s === "" ? null : Number(s))),
  blocked: z.boolean(),
});

export type ConnectionInput = z.input<typeof connectionSchema>;
export type ConnectionValues = z.output<typeof connectionSchema>;
export const CONNECTION_FIELDS = ["name", "host", "port", "protocol", "capacity", "blocked"] as const;
