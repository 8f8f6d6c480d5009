// A section a feature adds to a body's home page (the appeals: appeals awaiting a reply or
// overdue). Each loads its own data and returns what to render, or null to show nothing. A feature
// lists its sections in `homeSections` in src/http/features.ts; pageRoutes renders them in order.
import type { ReactNode } from 'react';
import type { ServiceContext } from '../../services/service-context.ts';
import type { PageEnv } from './page-env.tsx';

export interface BodyHomeExtension {
  /** Stable name, for keys and logs. */
  name: string;
  /** `today` is the calendar day in the body's time zone (YYYY-MM-DD). */
  load(ctx: ServiceContext, body: { id: number; slug: string }, today: string, env: PageEnv): Promise<ReactNode | null>;
}
