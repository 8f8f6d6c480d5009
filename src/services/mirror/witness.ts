// A mirror acting as a witness (C2SP tlog-witness): it cosigns a log's checkpoint only if the
// checkpoint is signed by the log's pinned key and is consistent with the last one it cosigned,
// so a log that rewrote its history cannot get a cosignature for the rewrite.
import { createPrivateKey, generateKeyPairSync, sign as edSign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { sha256 } from '../service-context.ts';
import { ed25519Verify, rawPublicKey } from '../log/signing-keys.ts';
import type { MirrorStore } from './mirror-store.ts';
import { ed25519Verifier, formatSignatureLine, openNote } from '../../domain/log/note.ts';
import { parseCheckpoint } from '../../domain/log/checkpoint.ts';
import {
  cosignatureSigner,
  formatCosignerVerifierKey,
  parseAddCheckpointRequest,
} from '../../domain/log/cosignature.ts';
import { verifyConsistency } from '../../domain/log/merkle.ts';
import { bytesEqual, utf8 } from '../../domain/log/bytes.ts';
import { DomainError } from '../../domain/errors.ts';

/**
 * What a witness makes of one add-checkpoint request (C2SP tlog-witness): a cosignature, or the
 * reason it refuses. The HTTP status each refusal maps to is the server's business
 * (src/http/mirror-server.ts).
 */
export type CosignResult =
  /** Cosigned: the signature line to send back. */
  | { kind: 'cosigned'; signatureLine: string }
  /** The witness follows no log yet, or the checkpoint is not signed by the key it pinned. */
  | { kind: 'unknown_log'; message: string }
  /** The request or the checkpoint does not parse. */
  | { kind: 'malformed'; message: string }
  /** The checkpoint's signature does not hold. */
  | { kind: 'bad_signature'; message: string }
  /** The request's old size is not the size this witness last cosigned (`size`). */
  | { kind: 'old_size_mismatch'; size: number }
  /** The checkpoint is smaller than the one cosigned before. */
  | { kind: 'shrinks'; message: string }
  /** The consistency proof does not take the cosigned checkpoint to this one. */
  | { kind: 'inconsistent'; message: string };

export class Witness {
  readonly #key: KeyObject;
  readonly name: string;
  readonly vkey: string;

  constructor(
    private readonly store: MirrorStore,
    name: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    const path = store.path('witness-key.pem');
    if (!existsSync(path)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    }
    this.#key = createPrivateKey(readFileSync(path));
    this.name = name;
    this.vkey = formatCosignerVerifierKey(sha256, name, rawPublicKey(this.#key));
  }

  /** Handles one add-checkpoint request body. */
  addCheckpoint(body: string): CosignResult {
    const logKey = this.store.readText('key')?.trim();
    if (!logKey) return { kind: 'unknown_log', message: 'this witness follows no log yet' };
    let request: ReturnType<typeof parseAddCheckpointRequest>;
    let cp: ReturnType<typeof parseCheckpoint>;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (err) {
      return { kind: 'malformed', message: (err as Error).message };
    }
    try {
      cp = parseCheckpoint(openNote(request.checkpoint, [ed25519Verifier(sha256, logKey, ed25519Verify)]).text);
    } catch (err) {
      const code = err instanceof DomainError ? err.code : '';
      return code === 'no_verified_signature'
        ? { kind: 'unknown_log', message: 'unknown log (no signature by a key this witness knows)' }
        : { kind: 'bad_signature', message: (err as Error).message };
    }
    const heldNote = this.store.readText('witness-checkpoint');
    const held = heldNote
      ? parseCheckpoint(openNote(heldNote, [ed25519Verifier(sha256, logKey, ed25519Verify)]).text)
      : null;
    const heldSize = held?.size ?? 0;
    if (request.oldSize !== heldSize) return { kind: 'old_size_mismatch', size: heldSize };
    if (cp.size < heldSize)
      return { kind: 'shrinks', message: 'the checkpoint is smaller than the one cosigned before' };
    if (held) {
      try {
        if (cp.size === heldSize) {
          if (!bytesEqual(cp.rootHash, held.rootHash)) throw new DomainError('root_mismatch', 'two roots for one size');
        } else {
          verifyConsistency(sha256, {
            size1: heldSize,
            size2: cp.size,
            root1: held.rootHash,
            root2: cp.rootHash,
            proof: request.consistencyProof,
          });
        }
      } catch (err) {
        return {
          kind: 'inconsistent',
          message: `not consistent with the checkpoint this witness cosigned before: ${(err as Error).message}`,
        };
      }
    }
    const signer = cosignatureSigner(sha256, {
      name: this.name,
      publicKey: rawPublicKey(this.#key),
      sign: (m) => new Uint8Array(edSign(null, m, this.#key)),
      timestamp: Math.floor(this.now().getTime() / 1000),
    });
    const checkpointText = openNote(request.checkpoint, [ed25519Verifier(sha256, logKey, ed25519Verify)]).text;
    const line = formatSignatureLine({
      name: signer.name,
      keyId: signer.keyId,
      signature: signer.sign(utf8(checkpointText)),
    });
    this.store.write('witness-checkpoint', request.checkpoint);
    return { kind: 'cosigned', signatureLine: line };
  }
}
