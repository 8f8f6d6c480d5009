// The appeals section of a body's home page (the appeals feature's, features.ts): how many appeals
// await a reply, how many were answered, how many were ignored; nothing when the body has none.
import type { ReactNode } from 'react';
import type { ServiceContext } from '../../services/service-context.ts';
import { appealsOfBody } from '../../services/appeals/appeal-reads.ts';
import { AppealsHomeSection } from './appeal-pages.tsx';

export async function appealsHome(ctx: ServiceContext, body: { id: number; slug: string }): Promise<ReactNode | null> {
  const items = await appealsOfBody(ctx, body.id);
  return items.length === 0 ? null : <AppealsHomeSection slug={body.slug} items={items} />;
}
