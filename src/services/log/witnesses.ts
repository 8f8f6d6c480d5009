// The log's side of witnessing: each new checkpoint is offered to the body's witnesses; their
// cosignatures are checked and attached to the published checkpoint. A witness that is down or
// refuses never holds up the record: the failure is noted on its row and retried next time.
import { findBody } from '../bodies.ts';
import { authorize, type Actor } from '../policy.ts';
import { invalid } from '../service-error.ts';
import { sha256, type ServiceContext } from '../service-context.ts';
import { ed25519Verify } from './signing-keys.ts';
import { dbTileReader } from './integrator.ts';
import { readLogState } from '../../db/repositories/tile-repository.ts';
import { cosignatureVerifier, formatAddCheckpointRequest } from '../../domain/log/cosignature.ts';
import { addSignatures, parseNote, parseSignatureLines, parseVerifierKey } from '../../domain/log/note.ts';
import { proveConsistency } from '../../domain/log/stored-hashes.ts';
import { tileHashReader } from '../../domain/log/tiles.ts';
import { utf8 } from '../../domain/log/bytes.ts';
import { normalizeWitnessUrl } from '../../domain/log/witness-url.ts';
import { allowedWitnesses, witnessNotAllowed } from './witness-allow-list.ts';

export async function addWitness(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { url: string; vkey: string },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'body.configure', body.id);
  const url = normalizeWitnessUrl(input.url);
  if (url === null) throw invalid('invalid_url', 'a witness is an http(s) URL without credentials, query or fragment');
  if (!(await allowedWitnesses(ctx)).has(url)) throw witnessNotAllowed(url);
  try {
    parseVerifierKey(sha256, input.vkey);
  } catch (err) {
    throw invalid('invalid_vkey', `the witness key is not a vkey: ${(err as Error).message}`);
  }
  const row = await ctx.dialect.db
    .insertInto('body_witnesses')
    .values({
      body_id: body.id,
      url,
      vkey: input.vkey,
      last_size: 0,
      last_error: null,
      created_at: ctx.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

async function offer(
  ctx: ServiceContext,
  bodyId: number,
  w: { id: number; url: string; vkey: string; last_size: number },
  state: { size: number; checkpoint: string },
  oldSize: number,
  retry: boolean,
): Promise<void> {
  const reader = tileHashReader(sha256, state.size, dbTileReader(ctx.dialect.db, bodyId));
  const proof = oldSize > 0 && oldSize < state.size ? await proveConsistency(sha256, oldSize, state.size, reader) : [];
  const response = await fetch(`${w.url}/add-checkpoint`, {
    method: 'POST',
    body: formatAddCheckpointRequest({ oldSize, consistencyProof: proof, checkpoint: state.checkpoint }),
    signal: AbortSignal.timeout(5000),
    // An allowed witness may not send the server on to another address.
    redirect: 'error',
  });
  const text = await response.text();
  if (response.status === 409 && retry && /^\d+\n?$/.test(text))
    return offer(ctx, bodyId, w, state, Number(text.trim()), false);
  if (response.status !== 200) throw new Error(`witness answered ${response.status}: ${text.trim().slice(0, 200)}`);
  const sigs = parseSignatureLines(text);
  const verifier = cosignatureVerifier(sha256, w.vkey, ed25519Verify);
  const signed = utf8(parseNote(state.checkpoint).text);
  const good = sigs.filter(
    (s) => s.name === verifier.name && s.keyId === verifier.keyId && verifier.verify(signed, s.signature),
  );
  if (good.length === 0) throw new Error('the witness returned no valid cosignature');
  // Attach to the published checkpoint only while it is still the one for this size.
  await ctx.dialect.db.transaction().execute(async (trx) => {
    const current = await readLogState(trx, bodyId);
    if (!current || current.size !== state.size) return;
    await trx
      .updateTable('log_state')
      .set({ checkpoint: addSignatures(current.checkpoint, good) })
      .where('body_id', '=', bodyId)
      .where('size', '=', state.size)
      .execute();
    await trx
      .updateTable('body_witnesses')
      .set({ last_size: state.size, last_error: null })
      .where('id', '=', w.id)
      .execute();
  });
}

/** Offers the body's published checkpoint to each of its witnesses. */
export async function pushToWitnesses(ctx: ServiceContext, bodyId: number): Promise<void> {
  const witnesses = await ctx.dialect.db
    .selectFrom('body_witnesses')
    .selectAll()
    .where('body_id', '=', bodyId)
    .execute();
  if (witnesses.length === 0) return;
  const state = await readLogState(ctx.dialect.db, bodyId);
  if (!state) return;
  const allowed = await allowedWitnesses(ctx);
  await Promise.all(
    witnesses
      .filter((w) => w.last_size < state.size)
      .map(async (w) => {
        try {
          // Taken off the allow-list since it was registered: not contacted.
          if (!allowed.has(w.url)) throw witnessNotAllowed(w.url);
          await offer(ctx, bodyId, w, state, w.last_size, true);
        } catch (err) {
          await ctx.dialect.db
            .updateTable('body_witnesses')
            .set({ last_error: (err as Error).message.slice(0, 500) })
            .where('id', '=', w.id)
            .execute();
        }
      }),
  );
}
