// What a running server holds: the service context and the integrator it feeds after every
// commit. The CLI's serve, the tests and the benchmarks build one of these.
import type { QuorateDialect } from '../db/dialects/quorate-dialect.ts';
import { createServiceContext, type ServiceContext } from './service-context.ts';
import { Integrator } from './log/integrator.ts';
import { pushToWitnesses } from './log/witnesses.ts';
import { LiveHub } from './live/live-hub.ts';
import { inProcessChannel, type CommitChannel } from '../db/dialects/commit-channel.ts';

export interface Runtime {
  ctx: ServiceContext;
  integrator: Integrator;
  live: LiveHub;
  channel: CommitChannel;
  /** Resolves when integration and witness pushes under way have finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function createRuntime(
  dialect: QuorateDialect,
  options: Partial<Omit<ServiceContext, 'dialect' | 'onCommitted'>> & { channel?: CommitChannel } = {},
): Runtime {
  const channel = options.channel ?? inProcessChannel();
  const grew = (bodyId: number | null) => {
    live.notify(bodyId);
    if (bodyId !== null) integrator.notify(bodyId);
  };
  // Our own commits are handled at once and announced to other processes (PostgreSQL); theirs
  // arrive through the channel. Listeners catch up from the database, so a lost notification
  // (or a repeated one) changes nothing.
  const ctx = createServiceContext(dialect, {
    ...options,
    onCommitted: (bodyId, next) => {
      grew(bodyId);
      channel.publish(bodyId, next);
    },
  });
  const integrator = new Integrator(ctx);
  const live = new LiveHub(ctx);
  channel.subscribe(grew);
  const pushes = new Set<Promise<void>>();
  integrator.onCheckpoint((bodyId) => {
    const p = pushToWitnesses(ctx, bodyId)
      .catch((err) => integrator.onError(err))
      .finally(() => pushes.delete(p));
    pushes.add(p);
  });
  return {
    ctx,
    integrator,
    live,
    channel,
    async settled() {
      await integrator.idle();
      while (pushes.size > 0) await Promise.all(pushes);
    },
    async close() {
      await integrator.close();
      await Promise.all(pushes);
      await channel.close();
    },
  };
}
