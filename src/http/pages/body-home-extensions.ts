// Sections other features add to a body's home page (the appeals engineer: appeals awaiting a
// reply or overdue). Each loads its own data and returns what to render, or null to show nothing.
// To add one, append it to BODY_HOME_EXTENSIONS in one line.
import type { ReactNode } from 'react';
import type { ServiceContext } from '../../services/service-context.ts';
import type { PageEnv } from './page-env.tsx';

export interface BodyHomeExtension {
  /** Stable name, for keys and logs. */
  name: string;
  /** `today` is the calendar day in the body's time zone (YYYY-MM-DD). */
  load(ctx: ServiceContext, body: { id: number; slug: string }, today: string, env: PageEnv): Promise<ReactNode | null>;
}

export const BODY_HOME_EXTENSIONS: BodyHomeExtension[] = [
  { name: 'appeals', load: async (ctx, body) => (await import('./appeal-home.tsx')).appealsHome(ctx, body) },
];
