// Configuration: one declarative table of settings (environment variable, flag, default, parser,
// documentation), read and checked all together before a command opens anything. Every bad value
// gives one line naming the variable or flag and what it expects; the command then exits 2.
//
// To add a setting, add one entry to SETTINGS below: its value appears, typed, in `Config` (what
// readConfig returns), its flag in flagOptions()/flagHelp(), and its row in settingsDoc().
import { ConfigError, type CliIo } from './command.ts';
import { dirname, join } from 'node:path';
import { isIP } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';
import { DEFAULT_DB, isPostgresUrl } from '../db/open-database.ts';
import { normalizeWitnessUrl } from '../domain/log/witness-url.ts';
import { DEFAULT_PAPER_MAX_BYTES } from '../domain/papers/paper-rules.ts';
import { DEFAULT_READY_LAG_S } from '../services/readiness.ts';
import {
  DEFAULT_EXPORT_CACHE_BYTES,
  DEFAULT_LIVE_STREAMS,
  DEFAULT_LIVE_STREAMS_PER_ADDRESS,
  DEFAULT_PAGE_CACHE_BYTES,
  DEFAULT_TIMEOUTS,
} from '../http/load-defaults.ts';

/** Thrown by a parser: the message says what is wrong when the setting's `expects` is not enough. */
export class BadValue extends Error {
  override name = 'BadValue';
}

export { ConfigError };

/** Values of the settings earlier in the table, for defaults that depend on them. */
type Earlier = Readonly<Record<string, unknown>>;

export interface Setting<T> {
  /** The environment variable (QUORATE_…), if the setting has one. */
  env?: `QUORATE_${string}`;
  /** The command-line flag without the dashes, if the setting has one (commands opt in). */
  flag?: string;
  /** What a good value looks like; ends every error line about this setting. */
  expects: string;
  /** One sentence for the README table and --help. */
  doc: string;
  /** The default as documentation shows it. */
  defaultText: string;
  /** The default value, computed from settings earlier in the table if need be. */
  default: (earlier: Earlier) => T;
  /** Turns the text into the value; throws BadValue (with or without a message) when it is wrong. */
  parse: (text: string) => T;
  /** The value may hold a password: error lines never repeat it, `quorate config` masks it. */
  secret?: boolean;
  /** For a secret: what `quorate config` may show of the value (default: nothing). */
  mask?: (value: T) => string;
}

const setting = <T>(s: Setting<T>): Setting<T> => s;

// ---- parsers -------------------------------------------------------------------------------

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function parseHost(text: string): string {
  if (isIP(text) === 0 && !HOSTNAME.test(text)) throw new BadValue();
  return text;
}

/**
 * A parser of whole numbers in canonical decimal within [min, max], for counts, caps and timeouts.
 * @example parse: wholeNumber(1, 100_000)
 */
export function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) throw new BadValue();
    const n = Number(text);
    if (n < min || n > max) throw new BadValue();
    return n;
  };
}

const parsePort = wholeNumber(0, 65535);

function parseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadValue(
      text.includes('://')
        ? undefined
        : 'it has no scheme; expected an http(s) URL such as https://council.example.org',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadValue();
  if (url.username || url.password || url.search || url.hash)
    throw new BadValue(
      'expected an http(s) URL without credentials, query or fragment, such as https://council.example.org',
    );
  return url.toString().replace(/\/$/, '');
}

function parseDb(text: string): string {
  if (isPostgresUrl(text)) {
    try {
      new URL(text);
    } catch {
      throw new BadValue('expected a valid postgres:// URL');
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new BadValue();
  }
  return text;
}

function parsePath(text: string): string {
  if (text.includes('\u0000')) throw new BadValue();
  return text;
}

/**
 * QUORATE_TRUST_PROXY: how many proxies stand in front of Quorate, or their addresses. Fastify
 * (through proxy-addr) then takes as the client the first address not trusted, counted from the
 * right of X-Forwarded-For; a client cannot choose its own address by adding to the header.
 */
export type TrustProxy = false | number | string[];

function parseTrustProxy(text: string): TrustProxy {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'yes' || t === 'on') {
    throw new BadValue(
      'a bare "true" would trust any X-Forwarded-For a client sends; give the number of proxies in front of Quorate (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.1,192.168.0.0/16)',
    );
  }
  if (t === 'false' || t === 'no' || t === 'off' || t === '0') return false;
  if (/^\d+$/.test(t)) {
    const hops = Number(t);
    if (hops > 32) throw new BadValue();
    return hops;
  }
  const list = text.split(',').map((s) => s.trim());
  for (const item of list) {
    const named = item === 'loopback' || item === 'linklocal' || item === 'uniquelocal';
    // proxy-addr's own parser also takes shorthands such as "1.5"; only plain addresses are meant.
    const plain = named || isIP(item.split('/')[0] ?? '') !== 0;
    try {
      if (!plain) throw new Error();
      proxyAddr.compile([item]);
    } catch {
      throw new BadValue(`"${item}" is not an IP address, CIDR or one of loopback, linklocal, uniquelocal`);
    }
  }
  return list;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

function parseLogLevel(text: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(text)) throw new BadValue();
  return text as LogLevel;
}

function parseSmtpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadValue();
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new BadValue();
  return text;
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

function parseEmail(text: string): string {
  if (!EMAIL.test(text)) throw new BadValue();
  return text;
}

function parseEmailList(text: string): string[] {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((s) => !EMAIL.test(s));
  if (bad !== undefined)
    throw new BadValue(`"${bad}" is not an e-mail address; expected comma-separated e-mail addresses`);
  return list;
}

function parseWitnessList(text: string): string[] {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.map((item) => {
    const url = normalizeWitnessUrl(item);
    if (url === null) throw new BadValue(`"${item}" is not an http(s) URL; expected comma-separated witness URLs`);
    return url;
  });
}

/**
 * A URL with its credentials and query (where a password may also sit) masked: what `quorate
 * config` shows of QUORATE_DB and QUORATE_SMTP_URL. A SQLite file path is shown as it is.
 */
export function maskUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '(not shown)';
  }
  const auth = url.username || url.password ? '***@' : '';
  const rest = url.search || url.hash ? '?***' : '';
  return `${url.protocol}//${auth}${url.host}${url.pathname === '/' ? '' : url.pathname}${rest}`;
}

const hostInUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

// ---- the table -----------------------------------------------------------------------------

export const SETTINGS = {
  db: setting({
    env: 'QUORATE_DB',
    flag: 'db',
    secret: true,
    mask: maskUrl,
    expects: 'expected a SQLite file path or a postgres:// URL',
    doc: 'The database: a SQLite file path or a postgres:// URL.',
    defaultText: DEFAULT_DB,
    default: () => DEFAULT_DB,
    parse: parseDb,
  }),
  host: setting({
    env: 'QUORATE_HOST',
    flag: 'host',
    expects: 'expected an IP address or a host name to listen on',
    doc: 'Address the server listens on.',
    defaultText: '127.0.0.1',
    default: () => '127.0.0.1',
    parse: parseHost,
  }),
  port: setting({
    env: 'QUORATE_PORT',
    flag: 'port',
    expects: 'expected a port number from 0 to 65535',
    doc: 'Port the server listens on.',
    defaultText: '8080',
    default: () => 8080,
    parse: parsePort,
  }),
  origin: setting({
    env: 'QUORATE_ORIGIN',
    flag: 'origin',
    expects: 'expected an http(s) URL such as https://council.example.org',
    doc: 'Public address, used in links and as the default origin of new bodies.',
    defaultText: 'http://HOST:PORT',
    default: (c) => `http://${hostInUrl(String(c.host))}:${String(c.port)}`,
    parse: parseOrigin,
  }),
  keysDir: setting({
    env: 'QUORATE_KEYS',
    expects: 'expected a folder path',
    doc: 'Folder of the log signing keys (files with mode 0600; back it up).',
    defaultText: 'keys/ beside the SQLite file; ./data/keys with PostgreSQL',
    default: (c) => (isPostgresUrl(String(c.db)) ? './data/keys' : join(dirname(String(c.db)), 'keys')),
    parse: parsePath,
  }),
  trustProxy: setting<TrustProxy>({
    env: 'QUORATE_TRUST_PROXY',
    expects:
      'expected the number of proxies in front of Quorate (e.g. 1), or their addresses/CIDRs separated by commas, or false',
    doc: 'Proxies whose X-Forwarded-For/-Proto are believed: a number of hops, or a comma-separated list of addresses/CIDRs (loopback, linklocal, uniquelocal allowed). The client is the first address not trusted, counted from the right. A bare "true" is refused.',
    defaultText: 'false (no proxy)',
    default: () => false,
    parse: parseTrustProxy,
  }),
  logLevel: setting({
    env: 'QUORATE_LOG_LEVEL',
    expects: `expected one of ${LOG_LEVELS.join(', ')}`,
    doc: 'Server log level.',
    defaultText: 'info',
    default: (): LogLevel => 'info',
    parse: parseLogLevel,
  }),
  witnessAllow: setting<string[]>({
    env: 'QUORATE_WITNESS_ALLOW',
    expects: 'expected comma-separated witness URLs (http or https)',
    doc: 'Witness URLs body administrators may register, in addition to those allowed with `quorate admin witness allow`.',
    defaultText: '(none)',
    default: () => [],
    parse: parseWitnessList,
  }),
  smtpUrl: setting<string | undefined>({
    env: 'QUORATE_SMTP_URL',
    secret: true,
    mask: (v) => (v === undefined ? '(none)' : maskUrl(v)),
    expects: 'expected an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587',
    doc: 'Mail server for `quorate appeals remind` and for e-mailing invitations; without it no mail is sent.',
    defaultText: '(none)',
    default: () => undefined,
    parse: parseSmtpUrl,
  }),
  reminderTo: setting<string[]>({
    env: 'QUORATE_REMINDER_TO',
    expects: 'expected comma-separated e-mail addresses',
    doc: 'Recipients of appeal reminders (`--to` overrides).',
    defaultText: '(none)',
    default: () => [],
    parse: parseEmailList,
  }),
  mailFrom: setting<string | undefined>({
    env: 'QUORATE_MAIL_FROM',
    flag: 'from',
    expects: 'expected an e-mail address',
    doc: 'Sender of appeal reminders and invitations.',
    defaultText: "quorate@ the origin's host",
    default: () => undefined,
    parse: parseEmail,
  }),
  // Caps, timeouts and cache bounds against anonymous load. The defaults keep a hall of 2,000
  // delegates behind one address working (docs/SECURITY.md) and the fan-out benchmark's 2,500
  // subscribers per loopback address inside the cap.
  liveStreamsPerAddress: setting({
    env: 'QUORATE_LIVE_STREAMS_PER_ADDRESS',
    expects: 'expected a whole number from 1 to 1000000',
    doc: 'Open live (SSE) streams one client address may hold; over it: 429 too_many_live_streams.',
    defaultText: String(DEFAULT_LIVE_STREAMS_PER_ADDRESS),
    default: () => DEFAULT_LIVE_STREAMS_PER_ADDRESS,
    parse: wholeNumber(1, 1_000_000),
  }),
  liveStreams: setting({
    env: 'QUORATE_LIVE_STREAMS',
    expects: 'expected a whole number from 1 to 10000000',
    doc: 'Open live streams in all; over it: 503 live_streams_full.',
    defaultText: String(DEFAULT_LIVE_STREAMS),
    default: () => DEFAULT_LIVE_STREAMS,
    parse: wholeNumber(1, 10_000_000),
  }),
  headersTimeoutMs: setting({
    env: 'QUORATE_HEADERS_TIMEOUT_MS',
    expects: 'expected milliseconds, a whole number from 1 to 3600000',
    doc: "Time a client has to send a request's headers (then 408 request_timeout); at most the request timeout.",
    defaultText: String(DEFAULT_TIMEOUTS.headersMs),
    default: () => DEFAULT_TIMEOUTS.headersMs,
    parse: wholeNumber(1, 3_600_000),
  }),
  requestTimeoutMs: setting({
    env: 'QUORATE_REQUEST_TIMEOUT_MS',
    expects: 'expected milliseconds, a whole number from 1 to 3600000',
    doc: 'Time a client has to send a whole request, headers and body (then 408).',
    defaultText: String(DEFAULT_TIMEOUTS.requestMs),
    default: () => DEFAULT_TIMEOUTS.requestMs,
    parse: wholeNumber(1, 3_600_000),
  }),
  idleTimeoutMs: setting({
    env: 'QUORATE_IDLE_TIMEOUT_MS',
    expects: 'expected milliseconds, a whole number from 1 to 86400000',
    doc: 'A connection silent this long is closed (live streams are exempt).',
    defaultText: String(DEFAULT_TIMEOUTS.idleMs),
    default: () => DEFAULT_TIMEOUTS.idleMs,
    parse: wholeNumber(1, 86_400_000),
  }),
  keepAliveTimeoutMs: setting({
    env: 'QUORATE_KEEP_ALIVE_TIMEOUT_MS',
    expects: 'expected milliseconds, a whole number from 1 to 86400000',
    doc: 'A kept-alive connection with no new request this long is closed.',
    defaultText: String(DEFAULT_TIMEOUTS.keepAliveMs),
    default: () => DEFAULT_TIMEOUTS.keepAliveMs,
    parse: wholeNumber(1, 86_400_000),
  }),
  pageCacheBytes: setting({
    env: 'QUORATE_PAGE_CACHE_BYTES',
    expects: 'expected a whole number of bytes (0 for no cache)',
    doc: 'Memory for rendered public pages (0: none).',
    defaultText: `${DEFAULT_PAGE_CACHE_BYTES} (64 MiB)`,
    default: () => DEFAULT_PAGE_CACHE_BYTES,
    parse: wholeNumber(0, Number.MAX_SAFE_INTEGER),
  }),
  exportCacheBytes: setting({
    env: 'QUORATE_EXPORT_CACHE_BYTES',
    expects: 'expected a whole number of bytes (0 for no cache)',
    doc: 'Memory for built exports and minutes PDFs (0: none).',
    defaultText: `${DEFAULT_EXPORT_CACHE_BYTES} (64 MiB)`,
    default: () => DEFAULT_EXPORT_CACHE_BYTES,
    parse: wholeNumber(0, Number.MAX_SAFE_INTEGER),
  }),
  paperMaxBytes: setting({
    env: 'QUORATE_PAPER_MAX_BYTES',
    expects: 'expected a whole number of bytes from 1024 to 1073741824',
    doc: 'Largest paper (PDF, ODT, DOCX or text) a clerk may upload; a larger one is refused (413 paper_too_large).',
    defaultText: `${DEFAULT_PAPER_MAX_BYTES} (20 MiB)`,
    default: () => DEFAULT_PAPER_MAX_BYTES,
    parse: wholeNumber(1024, 1024 * 1024 * 1024),
  }),
  readyLagS: setting({
    env: 'QUORATE_READY_LAG_S',
    expects: 'expected seconds, a whole number from 1 to 86400',
    doc: '/readyz answers 503 when an entry sequenced this long ago is still not in the signed log (the integrator lags).',
    defaultText: String(DEFAULT_READY_LAG_S),
    default: () => DEFAULT_READY_LAG_S,
    parse: wholeNumber(1, 86_400),
  }),
  shutdownS: setting({
    env: 'QUORATE_SHUTDOWN_S',
    expects: 'expected seconds, a whole number from 1 to 3600',
    doc: 'On SIGTERM or SIGINT, `serve` stops accepting, finishes requests in flight and the ballot batch being committed, closes live streams with a reconnect hint, and exits within this many seconds (else exits 1).',
    defaultText: '10',
    default: () => 10,
    parse: wholeNumber(1, 3600),
  }),
  workers: setting({
    env: 'QUORATE_WORKERS',
    flag: 'workers',
    expects: 'expected a whole number of processes from 1 to 64 (more than 1 needs PostgreSQL)',
    doc: '`serve` runs this many worker processes sharing the port (PostgreSQL only), under a primary that restarts a worker that dies and replaces them one at a time on SIGHUP (`quorate restart`); 1: one process, as without it.',
    defaultText: '1',
    default: () => 1,
    parse: wholeNumber(1, 64),
  }),
  pidFile: setting<string | undefined>({
    env: 'QUORATE_PID_FILE',
    flag: 'pid-file',
    expects: 'expected a file path',
    doc: '`serve` writes its process id here (the primary’s, with workers); `quorate restart` reads it.',
    defaultText: '(none)',
    default: () => undefined,
    parse: (text) => text,
  }),
  jobsS: setting({
    env: 'QUORATE_JOBS_S',
    expects: 'expected seconds, a whole number from 1 to 86400',
    doc: '`serve` runs its scheduled jobs (appeal reminders, witness retries, checkpoint publication) this often, in one process at a time across all that share the database.',
    defaultText: '60',
    default: () => 60,
    parse: wholeNumber(1, 86_400),
  }),
  metricsToken: setting<string | undefined>({
    env: 'QUORATE_METRICS_TOKEN',
    secret: true,
    mask: (v) => (v === undefined ? '(none)' : '(set, not shown)'),
    expects: 'expected a token of 16 to 256 visible ASCII characters, e.g. from `openssl rand -hex 32`',
    doc: 'Turns on /metrics (Prometheus text format) for requests carrying `Authorization: Bearer <token>`; without it there is no /metrics.',
    defaultText: '(none: no /metrics)',
    default: () => undefined,
    parse: (text) => {
      if (!/^[\x21-\x7e]{16,256}$/.test(text)) throw new BadValue();
      return text;
    },
  }),
};

/** The load settings buildApp takes (caps, timeouts, cache bounds). */
export const LOAD_SETTINGS = [
  'liveStreamsPerAddress',
  'liveStreams',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'idleTimeoutMs',
  'keepAliveTimeoutMs',
  'pageCacheBytes',
  'exportCacheBytes',
  'paperMaxBytes',
  'readyLagS',
] as const;
export type LoadConfig = { [K in (typeof LOAD_SETTINGS)[number]]: number };

export function loadConfig(config: Config): LoadConfig {
  const out = {} as LoadConfig;
  for (const k of LOAD_SETTINGS) out[k] = config[k];
  return out;
}

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
export type Config = { [K in SettingName]: Settings[K] extends Setting<infer T> ? T : never };
export type Flags = Partial<Record<string, string | boolean | string[] | undefined>>;

/** The value as an error line may show it. */
function shown(s: Setting<unknown>, text: string): string {
  if (s.secret) return '(value not shown)';
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/**
 * Reads every setting: the flag if given, else the environment variable (empty counts as unset),
 * else the default. Every variable that is set and every flag given is checked, whether or not the
 * command uses it; all problems are thrown together as one ConfigError.
 */
export function readConfig(env: CliIo['env'], flags: Flags = {}): Config {
  return readConfigWithSources(env, flags).config;
}

/** Where a setting's value came from. */
export type SettingSource = 'default' | 'environment' | 'flag';

/** readConfig, also saying for each setting whether its value is the default, the variable's or the flag's. */
export function readConfigWithSources(
  env: CliIo['env'],
  flags: Flags = {},
): { config: Config; sources: Record<SettingName, SettingSource> } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const sources: Record<string, SettingSource> = {};
  for (const [name, s] of Object.entries(SETTINGS) as Array<[string, Setting<unknown>]>) {
    const tryParse = (label: string, text: string): { ok: true; value: unknown } | { ok: false } => {
      try {
        return { ok: true, value: s.parse(text) };
      } catch (err) {
        if (!(err instanceof BadValue)) throw err;
        problems.push(`${label} ${shown(s, text)}: ${err.message || s.expects}`);
        return { ok: false };
      }
    };
    const envText = s.env ? env[s.env] : undefined;
    const fromEnv = s.env && envText !== undefined && envText !== '' ? tryParse(s.env, envText) : undefined;
    const flagText = s.flag ? flags[s.flag] : undefined;
    const fromFlag = typeof flagText === 'string' ? tryParse(`--${s.flag}`, flagText) : undefined;
    const chosen = fromFlag ?? fromEnv;
    values[name] = chosen ? (chosen.ok ? chosen.value : undefined) : s.default(values);
    sources[name] = fromFlag ? 'flag' : fromEnv ? 'environment' : 'default';
  }
  // Checks across settings, once each has a good value.
  const headers = values.headersTimeoutMs as number | undefined;
  const whole = values.requestTimeoutMs as number | undefined;
  if (headers !== undefined && whole !== undefined && headers > whole) {
    problems.push(`QUORATE_HEADERS_TIMEOUT_MS "${headers}": expected at most QUORATE_REQUEST_TIMEOUT_MS (${whole})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: values as Config, sources: sources as Record<SettingName, SettingSource> };
}

/** One setting as `quorate config` shows it: a secret's value masked. */
export interface EffectiveSetting {
  name: SettingName;
  env: string | null;
  flag: string | null;
  /** The value (a secret's as its mask shows it, or "(not shown)"). */
  value: unknown;
  source: SettingSource;
  secret: boolean;
}

/** The effective configuration, every setting in table order, secrets masked. */
export function effectiveSettings(env: CliIo['env'], flags: Flags = {}): EffectiveSetting[] {
  const { config, sources } = readConfigWithSources(env, flags);
  return (Object.entries(SETTINGS) as Array<[SettingName, Setting<unknown>]>).map(([name, s]) => ({
    name,
    env: s.env ?? null,
    flag: s.flag ? `--${s.flag}` : null,
    value: s.secret ? (s.mask ? s.mask(config[name]) : '(not shown)') : (config[name] ?? null),
    source: sources[name],
    secret: s.secret ?? false,
  }));
}

/** parseArgs options for the named settings' flags: `options: { ...flagOptions('db', 'port') }`. */
export function flagOptions(...names: SettingName[]): Record<string, { type: 'string' }> {
  const out: Record<string, { type: 'string' }> = {};
  for (const n of names) {
    const flag = (SETTINGS[n] as Setting<unknown>).flag;
    if (flag) out[flag] = { type: 'string' };
  }
  return out;
}

/** One --help line for a setting's flag. */
export function flagHelp(name: SettingName, metavar: string): string {
  const s = SETTINGS[name] as Setting<unknown>;
  const left = `  --${s.flag} ${metavar}`;
  return `${left.padEnd(18)}${s.doc.replace(/\.$/, '')} (env ${s.env}; default ${s.defaultText})`;
}

/** The README's configuration table, from the same source. */
export function settingsDoc(): string {
  const rows = ['| Variable | Flag | Default | Meaning |', '|---|---|---|---|'];
  for (const s of Object.values(SETTINGS) as Array<Setting<unknown>>) {
    rows.push(`| \`${s.env ?? ''}\` | ${s.flag ? `\`--${s.flag}\`` : ''} | ${s.defaultText} | ${s.doc} |`);
  }
  return rows.join('\n');
}

export const DB_HELP = flagHelp('db', 'PATH|URL');
