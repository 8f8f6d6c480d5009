// Configuration from the environment, overridden by flags.
import type { CliIo } from './command.ts';
import { dirname, join } from 'node:path';
import { DEFAULT_DB, isPostgresUrl } from '../db/open-database.ts';

export interface ServerConfig {
  db: string;
  host: string;
  port: number;
  origin: string;
  trustProxy: boolean;
  /** Folder of the log signing keys: QUORATE_KEYS, else `keys/` beside the SQLite file, else ./data/keys. */
  keysDir: string;
}

export function readConfig(env: CliIo['env'], flags: { db?: string | undefined; host?: string | undefined; port?: string | undefined; origin?: string | undefined }): ServerConfig {
  const host = flags.host ?? env.QUORATE_HOST ?? '127.0.0.1';
  const portText = flags.port ?? env.QUORATE_PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port "${portText}" is not a port number`);
  const origin = (flags.origin ?? env.QUORATE_ORIGIN ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
  const db = flags.db ?? env.QUORATE_DB ?? DEFAULT_DB;
  const keysDir = env.QUORATE_KEYS ?? (isPostgresUrl(db) ? './data/keys' : join(dirname(db), 'keys'));
  return { db, host, port, origin, keysDir, trustProxy: env.QUORATE_TRUST_PROXY === '1' || env.QUORATE_TRUST_PROXY === 'true' };
}

export const DB_HELP = `  --db PATH|URL   database: a SQLite file path or a postgres:// URL (env QUORATE_DB; default ${DEFAULT_DB})`;
