// Where an embedded PostgreSQL cluster lives and what is kept beside it. Node
// built-ins only: the browser tests' settings read the generated credentials
// through this module without loading the server tooling.
//
//   <cluster>/                   the PostgreSQL data folder (postmaster.log inside)
//   <cluster>-credentials.json   generated passwords, mode 0600
//   <cluster>.lock               held while a process starts, joins or stops the server
//   <cluster>-users/             one file per process using the server
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { userInfo } from "node:os";

/** The role the app, the scripts and the tests connect as: owns its databases, not a superuser. */
export const APP_ROLE = "switchboard_app";
/** The superuser of clusters created before credentials were generated, and its fixed password. */
export const LEGACY_SUPERUSER = { user: "switchboard", password: "switchboard" } as const;

export interface Login {
  user: string;
  password: string;
}

export interface Credentials {
  /** Creates roles and databases; never handed to the app. */
  superuser: Login;
  app: Login;
  /** Set while a cluster from before generated credentials is moved to them (see embedded.ts). */
  rotationPending?: true;
}

export interface ClusterFiles {
  cluster: string;
  credentials: string;
  lock: string;
  users: string;
  log: string;
}

/**
 * PostgreSQL refuses to run as root; it then runs as the `postgres` user, who
 * must be able to walk every parent of the data folder. A project cloned
 * under /root is not walkable, so root falls back to a per-project folder
 * under /var/tmp, still persistent across restarts.
 */
export function resolveDataDir(requested: string): string {
  const dir = resolve(requested);
  if (userInfo().uid !== 0 || parentsWalkable(dir)) return dir;
  const key = createHash("sha256").update(dir).digest("hex").slice(0, 16);
  return join("/var/tmp/switchboard", key, "postgres");
}

function parentsWalkable(dir: string): boolean {
  for (let p = dirname(dir); ; p = dirname(p)) {
    if (existsSync(p) && (statSync(p).mode & 0o001) === 0) return false;
    if (p === dirname(p)) return true;
  }
}

export function clusterFiles(cluster: string): ClusterFiles {
  return {
    cluster,
    credentials: `${cluster}-credentials.json`,
    lock: `${cluster}.lock`,
    users: `${cluster}-users`,
    log: join(cluster, "postmaster.log"),
  };
}

export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

export function readCredentials(file: string): Credentials | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Credentials;
  if (!parsed.superuser?.password || !parsed.app?.password) throw new Error(`${file} is not a credentials file.`);
  return parsed;
}

/** Written whole (temporary file, then rename) and readable by this OS user alone. */
export function writeCredentials(file: string, credentials: Credentials) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export function postgresUrl(login: Login, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}
