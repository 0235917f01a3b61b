import "server-only";
import { headers } from "next/headers";
import { clientAddress } from "./client-address";

/** The current request's client address, for the audit log. */
export async function requestAddress(): Promise<string | null> {
  return clientAddress(await headers());
}
