// Baseline server: bare Fastify answering a constant, in its own process. Prints its address.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.post('/api/v1/bodies/:slug/votes/:id/ballots', async (_req, reply) =>
  reply.code(201).send({ ok: true, entryIndex: 1 }),
);
app.get('/constant', async () => ({ ok: true }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening at ${address}`);
