// Serves a mirror's copy read-only in the same layout as the log (so `quorate verify` and any
// tlog-tiles client work against it), and, when it is a witness, answers add-checkpoint.
import Fastify from 'fastify';
import type { MirrorStore } from './mirror-store.ts';
import type { Witness } from './witness.ts';
import { parseTilePath, formatEntryBundlePath } from '../../domain/log/tile-path.ts';

export async function buildMirrorServer(store: MirrorStore, slug: string, witness: Witness | null) {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const notFound = (reply: import('fastify').FastifyReply) => reply.code(404).type('text/plain').send('not found\n');
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
    let parsed;
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
      const r = witness.addCheckpoint(String(request.body ?? ''));
      return reply.code(r.status).type(r.contentType).send(r.body);
    });
    app.get('/witness/key', async (_req, reply) => reply.type('text/plain; charset=utf-8').send(`${witness.vkey}\n`));
  }
  return app;
}
