// The app's database client, loaded on first use. Domain modules that a
// script also runs in plain Node with a client of its own (the demo seed
// creates and redeems vouchers so) take that client as a parameter and fall
// back to this one: importing lib/db/client.ts statically would load its
// server-only marker, which throws outside the Next server.
import type { Db } from "./create-client";

export async function appDb(): Promise<Db> {
  return (await import("./client")).db;
}
