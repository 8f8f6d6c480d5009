// `quorate mirror --serve`: a mirror's own small server. It serves the mirror's copy read-only in
// the same layout as the log (so `quorate verify` and any tlog-tiles client work against it), and,
// when the mirror is a witness, answers add-checkpoint with the statuses C2SP tlog-witness gives
// each outcome (cosignReply). The mirror itself (src/services/mirror/) knows no HTTP.
import Fastify, { type FastifyReply } from 'fastify';
import type { MirrorStore } from '../services/mirror/mirror-store.ts';
import type { CosignResult, Witness } from '../services/mirror/witness.ts';
import { parseTilePath, formatEntryBundlePath } from '../domain/log/tile-path.ts';

export interface CosignReply {
  status: number;
  contentType: string;
  body: string;
}

/**
 * The HTTP answer to an add-checkpoint request (C2SP tlog-witness, "add-checkpoint"): 200 with the
 * cosignature line; 404 for a log the witness does not know; 403 for a signature that does not
 * hold; 409 with the size it holds (text/x.tlog.size) when the old size is not it; 400 for a
 * malformed request or a checkpoint smaller than the one cosigned; 422 for a consistency proof
 * that fails.
 * @example cosignReply({ kind: 'old_size_mismatch', size: 12 }) // { status: 409, contentType: 'text/x.tlog.size', body: '12\n' }
 */
export function cosignReply(result: CosignResult): CosignReply {
  const text = (status: number, message: string): CosignReply => ({
    status,
    contentType: 'text/plain; charset=utf-8',
    body: `${message}\n`,
  });
  switch (result.kind) {
    case 'cosigned':
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: result.signatureLine };
    case 'old_size_mismatch':
      return { status: 409, contentType: 'text/x.tlog.size', body: `${result.size}\n` };
    case 'unknown_log':
      return text(404, result.message);
    case 'bad_signature':
      return text(403, result.message);
    case 'malformed':
    case 'shrinks':
      return text(400, result.message);
    case 'inconsistent':
      return text(422, result.message);
  }
}

export async function buildMirrorServer(store: MirrorStore, slug: string, witness: Witness | null) {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const notFound = (reply: FastifyReply) => reply.code(404).type('text/plain').send('not found\n');
  app.get(`/log/${slug}/checkpoint`, async (_req, reply) => {
    const note = store.readText('checkpoint');
    return note
      ? reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(note)
      : notFound(reply);
  });
  app.get(`/log/${slug}/key`, async (_req, reply) => {
    const key = store.readText('key');
    return key ? reply.type('text/plain; charset=utf-8').send(key) : notFound(reply);
  });
  app.get(`/log/${slug}/tile/*`, async (request, reply) => {
    let parsed: ReturnType<typeof parseTilePath>;
    try {
      parsed = parseTilePath(`tile/${(request.params as { '*': string })['*']}`);
    } catch {
      return reply.code(400).type('text/plain').send('bad tile path\n');
    }
    const data =
      parsed.kind === 'hashes' ? store.readTile(parsed.tile) : store.read(formatEntryBundlePath(parsed.bundle));
    if (!data) return notFound(reply);
    return reply.type('application/octet-stream').send(Buffer.from(data));
  });
  if (witness) {
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.post('/add-checkpoint', async (request, reply) => {
      const r = cosignReply(witness.addCheckpoint(String(request.body ?? '')));
      return reply.code(r.status).type(r.contentType).send(r.body);
    });
    app.get('/witness/key', async (_req, reply) => reply.type('text/plain; charset=utf-8').send(`${witness.vkey}\n`));
  }
  return app;
}
