// What every use case receives: the database and the outside world (time, randomness), so tests
// can fix them. Hashing uses node:crypto here, outside domain/.
import * as nodeCrypto from 'node:crypto';
import { createHash, randomBytes } from 'node:crypto';
import type { QuorateDialect } from '../db/dialects/quorate-dialect.ts';
import type { MinutesSectionSource } from './exports/minutes-extensions.ts';

export interface ServiceContext {
  dialect: QuorateDialect;
  now(): Date;
  randomBytes(n: number): Uint8Array;
  /** The public address, used as the default origin of new bodies. */
  publicOrigin: string;
  /** Folder of the bodies' log signing keys (files with mode 0600, never in a table). */
  keysDir: string;
  /** Witness URLs allowed by the site's configuration (QUORATE_WITNESS_ALLOW), besides the allow-list table. */
  witnessAllow: readonly string[];
  /** Called after a transaction that appended entries has committed (integration, live events). */
  onCommitted(bodyId: number, nextIndex: number): void;
  /**
   * Test seam: awaited by every record transaction just before it opens, i.e. after the use case
   * has read what it reads outside the transaction and before it takes the log-head lock. Tests
   * use it to commit a concurrent change at exactly that moment. Unset in production.
   */
  beforeRecordTransaction?: (bodyId: number) => Promise<void>;
  /**
   * The sections features add to the minutes (src/http/features.ts), for the minutes a close
   * freezes when it adopts their approval (issue 17). The app sets them; unset means none.
   */
  minutesSections?: readonly MinutesSectionSource[];
}

export function createServiceContext(
  dialect: QuorateDialect,
  options: Partial<Omit<ServiceContext, 'dialect'>> = {},
): ServiceContext {
  return {
    dialect,
    now: options.now ?? (() => new Date()),
    randomBytes: options.randomBytes ?? ((n) => randomBytes(n)),
    publicOrigin: options.publicOrigin ?? 'http://127.0.0.1:8080',
    keysDir: options.keysDir ?? './data/keys',
    witnessAllow: options.witnessAllow ?? [],
    onCommitted: options.onCommitted ?? (() => {}),
  };
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

// crypto.hash (Node ≥ 20.12) is about twice as fast as createHash for the small inputs of a
// Merkle tree; @types/node 20 does not declare it yet.
const oneShot = (nodeCrypto as unknown as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

export function sha256(data: Uint8Array): Uint8Array {
  return oneShot ? oneShot('sha256', data, 'buffer') : createHash('sha256').update(data).digest();
}
