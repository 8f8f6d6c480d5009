// The factions section of a body's home page (the factions feature's, features.ts): the factions
// active today, linked to the factions page; nothing when the body has none.
import type { ReactNode } from 'react';
import type { ServiceContext } from '../../services/service-context.ts';
import { listFactions } from '../../services/factions.ts';
import { coversDay } from '../../domain/roster/faction-dates.ts';
import { FactionsHomeSection } from './faction-pages.tsx';

export async function factionsHome(
  ctx: ServiceContext,
  body: { id: number; slug: string },
  today: string,
): Promise<ReactNode | null> {
  const active = (await listFactions(ctx.dialect.db, body.id)).filter((f) =>
    coversDay({ joinsOn: f.foundedOn, leavesOn: f.dissolvedOn }, today),
  );
  return active.length === 0 ? null : <FactionsHomeSection slug={body.slug} factions={active} />;
}
