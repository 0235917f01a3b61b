// npm run api-key -- --as LOGIN --name NAME: makes an API key for LOGIN (Root,
// or a customer holding system_mgmt) through the same domain function as the
// API keys page (the right checked, the creation audited) and prints it once,
// for a switch or `npm run simulate`. On DATABASE_URL, or the embedded
// database (joined if the app runs it).
import { databaseSettings } from "../lib/db/config";
import { openEmbeddedPostgres } from "../lib/db/embedded";

const args = process.argv.slice(2);
const value = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const login = value("as");
const name = value("name") ?? "Simulator";
if (!login) {
  console.error('usage: npm run api-key -- --as LOGIN [--name "Main switch"]');
  process.exit(2);
}

const settings = databaseSettings();
const embedded = settings.externalUrl ? undefined : await openEmbeddedPostgres(settings);
process.env.DATABASE_URL = settings.externalUrl ?? embedded!.url;
// Loaded once DATABASE_URL is set: the app's own client and domain.
const { db } = await import("../lib/db/client");
const { loadViewer } = await import("../lib/auth/load-viewer");
const { loginKey } = await import("../lib/auth/login-key");
const { apiKeySchema } = await import("../lib/api-keys/api-key-schema");
const { createApiKey } = await import("../lib/api-keys/api-keys");
const { DomainError } = await import("../lib/errors/domain-error");
try {
  const customer = await db.customer.findUnique({ where: { loginKey: loginKey(login) }, select: { id: true } });
  const viewer = customer && (await loadViewer(customer.id));
  if (!viewer) {
    console.error(`No live, unblocked customer with the login ${login}.`);
    process.exitCode = 1;
  } else {
    const parsed = apiKeySchema.safeParse({ name });
    if (!parsed.success) {
      console.error(`--name: 1 to 64 characters: letters, digits, spaces and . , ' & ( ) - _ / + # @ ! : (${parsed.error.issues[0]!.message}).`);
      process.exitCode = 2;
    } else {
      const key = await createApiKey(viewer, parsed.data, null);
      console.log(`API key "${key.name}" for ${login} (shown once; only its hash is stored):\n${key.token}`);
    }
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  // The app's messages need React's client build, which this server-side script does not load: the code says it.
  console.error(`${login} may not make API keys: only Root and customers holding system_mgmt may (${error.problem}).`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await embedded?.release();
}
