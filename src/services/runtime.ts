// What a running server holds: the service context and the integrator it feeds after every
// commit. The CLI's serve, the tests and the benchmarks build one of these.
import type { QuorateDialect } from '../db/dialects/quorate-dialect.ts';
import { createServiceContext, type ServiceContext } from './service-context.ts';
import { Integrator } from './log/integrator.ts';
import { pushToWitnesses } from './log/witnesses.ts';

export interface Runtime {
  ctx: ServiceContext;
  integrator: Integrator;
  /** Resolves when integration and witness pushes under way have finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function createRuntime(dialect: QuorateDialect, options: Partial<Omit<ServiceContext, 'dialect' | 'onCommitted'>> = {}): Runtime {
  const committed: Array<(bodyId: number, next: number) => void> = [];
  const ctx = createServiceContext(dialect, { ...options, onCommitted: (bodyId, next) => { for (const l of committed) l(bodyId, next); } });
  const integrator = new Integrator(ctx);
  committed.push((bodyId) => integrator.notify(bodyId));
  const pushes = new Set<Promise<void>>();
  integrator.onCheckpoint((bodyId) => {
    const p = pushToWitnesses(ctx, bodyId).catch((err) => integrator.onError(err)).finally(() => pushes.delete(p));
    pushes.add(p);
  });
  return {
    ctx,
    integrator,
    async settled() {
      await integrator.idle();
      while (pushes.size > 0) await Promise.all(pushes);
    },
    async close() {
      await integrator.close();
      await Promise.all(pushes);
    },
  };
}
