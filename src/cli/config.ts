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
  /** Caps, timeouts and cache bounds against anonymous load (issue 12, item 16); see LOAD_SETTINGS. */
  load: LoadConfig;
}

// ---- Load limits (issue 12, item 16) -------------------------------------------------------
// Each: environment variable, default, and what it bounds. Whole numbers; timeouts in ms.
export interface LoadConfig {
  liveStreamsPerAddress: number;
  liveStreams: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  pageCacheBytes: number;
  exportCacheBytes: number;
}

export const LOAD_SETTINGS: Array<{ env: string; key: keyof LoadConfig; default: number; min: number; meaning: string }> = [
  { env: 'QUORATE_LIVE_STREAMS_PER_ADDRESS', key: 'liveStreamsPerAddress', default: 5000, min: 1, meaning: 'open live (SSE) streams one client address may hold; over it: 429 too_many_live_streams' },
  { env: 'QUORATE_LIVE_STREAMS', key: 'liveStreams', default: 20_000, min: 1, meaning: 'open live streams in all; over it: 503 live_streams_full' },
  { env: 'QUORATE_HEADERS_TIMEOUT_MS', key: 'headersTimeoutMs', default: 10_000, min: 1, meaning: 'time a client has to send a request\'s headers' },
  { env: 'QUORATE_REQUEST_TIMEOUT_MS', key: 'requestTimeoutMs', default: 60_000, min: 1, meaning: 'time a client has to send a whole request (headers and body)' },
  { env: 'QUORATE_IDLE_TIMEOUT_MS', key: 'idleTimeoutMs', default: 120_000, min: 1, meaning: 'a connection silent this long is closed (live streams exempt)' },
  { env: 'QUORATE_KEEP_ALIVE_TIMEOUT_MS', key: 'keepAliveTimeoutMs', default: 72_000, min: 1, meaning: 'a kept-alive connection with no new request this long is closed' },
  { env: 'QUORATE_PAGE_CACHE_BYTES', key: 'pageCacheBytes', default: 64 * 1024 * 1024, min: 0, meaning: 'bytes of rendered public pages kept in memory (0: none)' },
  { env: 'QUORATE_EXPORT_CACHE_BYTES', key: 'exportCacheBytes', default: 64 * 1024 * 1024, min: 0, meaning: 'bytes of built exports and minutes PDFs kept in memory (0: none)' },
];

export function readLoadConfig(env: CliIo['env']): LoadConfig {
  const out = {} as LoadConfig;
  for (const s of LOAD_SETTINGS) {
    const text = env[s.env];
    if (text === undefined || text === '') {
      out[s.key] = s.default;
      continue;
    }
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < s.min) throw new Error(`${s.env} "${text}" is not a whole number ≥ ${s.min} (${s.meaning})`);
    out[s.key] = n;
  }
  if (out.headersTimeoutMs > out.requestTimeoutMs) throw new Error(`QUORATE_HEADERS_TIMEOUT_MS (${out.headersTimeoutMs}) must not be longer than QUORATE_REQUEST_TIMEOUT_MS (${out.requestTimeoutMs})`);
  return out;
}
// ---- end of load limits ----------------------------------------------------------------------

export function readConfig(env: CliIo['env'], flags: { db?: string | undefined; host?: string | undefined; port?: string | undefined; origin?: string | undefined }): ServerConfig {
  const host = flags.host ?? env.QUORATE_HOST ?? '127.0.0.1';
  const portText = flags.port ?? env.QUORATE_PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port "${portText}" is not a port number`);
  const origin = (flags.origin ?? env.QUORATE_ORIGIN ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
  const db = flags.db ?? env.QUORATE_DB ?? DEFAULT_DB;
  const keysDir = env.QUORATE_KEYS ?? (isPostgresUrl(db) ? './data/keys' : join(dirname(db), 'keys'));
  return { db, host, port, origin, keysDir, trustProxy: env.QUORATE_TRUST_PROXY === '1' || env.QUORATE_TRUST_PROXY === 'true', load: readLoadConfig(env) };
}

export const DB_HELP = `  --db PATH|URL   database: a SQLite file path or a postgres:// URL (env QUORATE_DB; default ${DEFAULT_DB})`;
