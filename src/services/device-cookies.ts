// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
// has signed in to an account carries a cookie naming that account and a random nonce, signed
// with HMAC-SHA256 under a server secret. At sign-in such a browser is limited on its own key, so
// strangers' failures cannot lock it out; every other browser shares the account's limit.
//
// The secret lives beside the log keys, in a file of the keys folder (mode 0600, never in the
// database, so a database leak cannot forge device cookies): one base64url key a line, newest
// first. `quorate admin rotate-device-key` puts a new key first and keeps the one before, so
// cookies signed before the rotation still count until their browser signs in again (which
// re-issues them under the new key); a second rotation retires them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEVICE_COOKIE = 'quorate_device';
export const DEVICE_COOKIE_DAYS = 365;
/** Accounts one browser remembers (a shared laptop); the most recent first. */
const MAX_ENTRIES = 5;
const KEY_FILE = 'sign-in-devices.keys';

function keyPath(keysDir: string) {
  return join(keysDir, KEY_FILE);
}

function parseKeys(text: string): Buffer[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => Buffer.from(l, 'base64url'))
    .filter((k) => k.length >= 32);
}

/** The device-cookie keys, newest first; the first call creates the file (atomically, like the log keys). */
export function deviceKeys(keysDir: string): Buffer[] {
  const path = keyPath(keysDir);
  try {
    const keys = parseKeys(readFileSync(path, 'utf8'));
    if (keys.length > 0) return keys;
    throw new Error(`${path} holds no key`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return parseKeys(readFileSync(path, 'utf8'));
}

/** A new signing key first, the previous one kept; older ones are dropped. Atomic (rename). */
export function rotateDeviceKey(keysDir: string): void {
  const previous = deviceKeys(keysDir)[0]!;
  const path = keyPath(keysDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n${previous.toString('base64url')}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

const mac = (key: Buffer, userId: number, nonce: string) =>
  createHmac('sha256', key).update(`quorate-device-v1\n${userId}\n${nonce}`).digest();

interface Entry {
  userId: number;
  nonce: string;
  tag: string;
}

function entries(cookie: string | undefined): Entry[] {
  if (typeof cookie !== 'string' || cookie.length > 2000) return [];
  const out: Entry[] = [];
  for (const part of cookie.split('~').slice(0, MAX_ENTRIES)) {
    const m = /^v1\.(\d{1,10})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(part);
    if (m) out.push({ userId: Number(m[1]), nonce: m[2]!, tag: m[3]! });
  }
  return out;
}

/** The nonce of this browser's device cookie for the account, if one is there and its signature holds. */
export function knownDevice(keysDir: string, cookie: string | undefined, userId: number): string | null {
  const entry = entries(cookie).find((e) => e.userId === userId);
  if (!entry) return null;
  const tag = Buffer.from(entry.tag, 'base64url');
  for (const key of deviceKeys(keysDir)) {
    const expected = mac(key, userId, entry.nonce);
    if (expected.length === tag.length && timingSafeEqual(expected, tag)) return entry.nonce;
  }
  return null;
}

/** The cookie value after a successful sign-in: a fresh entry for this account first, the browser's other accounts kept. */
export function issueDeviceCookie(
  keysDir: string,
  cookie: string | undefined,
  userId: number,
): { value: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64url');
  const fresh = `v1.${userId}.${nonce}.${mac(deviceKeys(keysDir)[0]!, userId, nonce).toString('base64url')}`;
  const others = entries(cookie)
    .filter((e) => e.userId !== userId)
    .map((e) => `v1.${e.userId}.${e.nonce}.${e.tag}`);
  return { value: [fresh, ...others].slice(0, MAX_ENTRIES).join('~'), nonce };
}
