// What a running server holds: the service context and the integrator it feeds after every
// commit. The CLI's serve, the tests and the benchmarks build one of these.
import type { QuorateDialect } from '../db/dialects/quorate-dialect.ts';
import { createServiceContext, type ServiceContext } from './service-context.ts';
import { Integrator } from './log/integrator.ts';

export interface Runtime {
  ctx: ServiceContext;
  integrator: Integrator;
  close(): Promise<void>;
}

export function createRuntime(dialect: QuorateDialect, options: Partial<Omit<ServiceContext, 'dialect' | 'onCommitted'>> = {}): Runtime {
  const committed: Array<(bodyId: number, next: number) => void> = [];
  const ctx = createServiceContext(dialect, { ...options, onCommitted: (bodyId, next) => { for (const l of committed) l(bodyId, next); } });
  const integrator = new Integrator(ctx);
  committed.push((bodyId) => integrator.notify(bodyId));
  return {
    ctx,
    integrator,
    async close() {
      await integrator.close();
    },
  };
}
