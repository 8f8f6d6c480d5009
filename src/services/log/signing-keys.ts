// Each body's Ed25519 log key lives in a file (mode 0600) in the keys folder, never in a table
// the API can read (DESIGN.md, "The record log"). The file is created once, atomically (flag
// 'wx'), so two processes starting together agree on one key.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ED25519_KEY_TYPE, ed25519Signer, formatVerifierKey, type NoteSigner } from '../../domain/log/note.ts';
import { sha256 } from '../service-context.ts';

export interface BodyKey {
  /** The key name: the body's log origin. */
  name: string;
  publicKey: Uint8Array;
  signer: NoteSigner;
  /** `name+keyid+base64(0x01‖pub)` */
  vkey: string;
}

const cache = new Map<string, BodyKey>();

function keyPath(keysDir: string, slug: string): string {
  if (!/^[a-z0-9-]+$/.test(slug)) throw new Error(`refusing key path for slug ${JSON.stringify(slug)}`);
  return join(keysDir, `${slug}.ed25519.pem`);
}

function loadOrCreate(path: string): KeyObject {
  try {
    return createPrivateKey(readFileSync(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return privateKey;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return createPrivateKey(readFileSync(path));
    throw err;
  }
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  // The SPKI DER of an Ed25519 key ends with the 32 raw bytes.
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return new Uint8Array(der.subarray(der.length - 32));
}

export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  const key = createPublicKey({ key: Buffer.concat([prefix, publicKey]), format: 'der', type: 'spki' });
  return edVerify(null, message, key, signature);
}

/** Drops the cached key (after a rotation). */
export function forgetBodyKey(keysDir: string, slug: string): void {
  cache.delete(keyPath(keysDir, slug));
}

/** The body's signing key, created on first use. */
export function bodyKey(keysDir: string, slug: string, origin: string): BodyKey {
  const path = keyPath(keysDir, slug);
  const cached = cache.get(path);
  if (cached && cached.name === origin) return cached;
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const privateKey = loadOrCreate(path);
  const publicKey = rawPublicKey(privateKey);
  const key: BodyKey = {
    name: origin,
    publicKey,
    signer: ed25519Signer(sha256, origin, publicKey, (message) => new Uint8Array(edSign(null, message, privateKey))),
    vkey: formatVerifierKey(sha256, origin, ED25519_KEY_TYPE, publicKey),
  };
  cache.set(path, key);
  return key;
}
