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

export interface WitnessReply {
  status: number;
  contentType: string;
  body: string;
}

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
  addCheckpoint(body: string): WitnessReply {
    const text = (status: number, message: string): WitnessReply => ({
      status,
      contentType: 'text/plain; charset=utf-8',
      body: `${message}\n`,
    });
    const logKey = this.store.readText('key')?.trim();
    if (!logKey) return text(404, 'this witness follows no log yet');
    let request;
    let cp;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (err) {
      return text(400, (err as Error).message);
    }
    try {
      cp = parseCheckpoint(openNote(request.checkpoint, [ed25519Verifier(sha256, logKey, ed25519Verify)]).text);
    } catch (err) {
      const code = err instanceof DomainError ? err.code : '';
      return code === 'no_verified_signature'
        ? text(404, 'unknown log (no signature by a key this witness knows)')
        : text(403, (err as Error).message);
    }
    const heldNote = this.store.readText('witness-checkpoint');
    const held = heldNote
      ? parseCheckpoint(openNote(heldNote, [ed25519Verifier(sha256, logKey, ed25519Verify)]).text)
      : null;
    const heldSize = held?.size ?? 0;
    if (request.oldSize !== heldSize) return { status: 409, contentType: 'text/x.tlog.size', body: `${heldSize}\n` };
    if (cp.size < heldSize) return text(400, 'the checkpoint is smaller than the one cosigned before');
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
        return text(422, `not consistent with the checkpoint this witness cosigned before: ${(err as Error).message}`);
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
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: line };
  }
}
