// Rotating a body's log key: the new key is made and kept aside, an entry announcing its vkey is
// signed by the old key and sequenced, and only then does the new key take the old one's place
// (the old file is kept, renamed, so earlier checkpoints can still be explained).
import { createPrivateKey, generateKeyPairSync, sign as edSign } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBody } from '../bodies.ts';
import { recordTransaction } from '../record-transaction.ts';
import { authorize, type Actor } from '../policy.ts';
import { sha256, type ServiceContext } from '../service-context.ts';
import { bodyKey, forgetBodyKey, rawPublicKey } from './signing-keys.ts';
import { ED25519_KEY_TYPE, formatVerifierKey } from '../../domain/log/note.ts';
import { keyRotationMessage } from '../../domain/log/key-rotation.ts';
import { toBase64 } from '../../domain/log/bytes.ts';

export async function rotateLogKey(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
): Promise<{ oldVkey: string; newVkey: string; entryIndex: number }> {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'body.configure', body.id);
  const current = join(ctx.keysDir, `${slug}.ed25519.pem`);
  const old = bodyKey(ctx.keysDir, slug, body.origin);
  const next = `${current}.next`;
  if (!existsSync(next)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(next, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const nextKey = createPrivateKey(readFileSync(next));
  const newVkey = formatVerifierKey(sha256, body.origin, ED25519_KEY_TYPE, rawPublicKey(nextKey));
  const oldKey = createPrivateKey(readFileSync(current));
  const signature = toBase64(new Uint8Array(edSign(null, keyRotationMessage(body.origin, newVkey), oldKey)));
  const entryIndex = await recordTransaction(ctx, body, async (tx) =>
    tx.record('log.key_rotated', { oldVkey: old.vkey, newVkey, signature }),
  );
  // The integrator may be signing right now: it reads the key per checkpoint, so the swap is safe
  // at any moment — a checkpoint is valid under whichever key signs it, old or new, because the
  // verifier follows the chain.
  renameSync(current, `${current}.retired-${Date.now()}`);
  renameSync(next, current);
  forgetBodyKey(ctx.keysDir, slug);
  return { oldVkey: old.vkey, newVkey, entryIndex };
}
