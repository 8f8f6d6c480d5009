// The site administrator's allow-list of witnesses. A body administrator may register a witness
// only if its URL is allowed (in the `witness_allow_list` table, kept with `quorate admin witness`,
// or in QUORATE_WITNESS_ALLOW); checkpoints are offered only to witnesses still allowed. Without
// it, anyone who administers a body could make the server POST to any address it can reach.
import { authorizeSiteAdmin, type Actor } from '../policy.ts';
import { invalid, ServiceError } from '../service-error.ts';
import type { ServiceContext } from '../service-context.ts';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { normalizeWitnessUrl } from '../../domain/log/witness-url.ts';

function canonical(url: string): string {
  const normal = normalizeWitnessUrl(url);
  if (normal === null)
    throw invalid('invalid_url', 'a witness is an http(s) URL without credentials, query or fragment');
  return normal;
}

export const witnessNotAllowed = (url: string) =>
  new ServiceError(
    'forbidden',
    'witness_not_allowed',
    `the witness ${url} is not on this site's allow-list; the site administrator can allow it (quorate admin witness allow ${url})`,
  );

/** Allowed witness URLs: the configuration's and the table's, normalised. */
export async function allowedWitnesses(ctx: ServiceContext, db: Executor = ctx.dialect.db): Promise<Set<string>> {
  const rows = await db.selectFrom('witness_allow_list').select('url').execute();
  return new Set([
    ...ctx.witnessAllow.map((u) => normalizeWitnessUrl(u)).filter((u): u is string => u !== null),
    ...rows.map((r) => r.url),
  ]);
}

export async function allowWitness(
  ctx: ServiceContext,
  actor: Actor | null,
  url: string,
): Promise<{ url: string; added: boolean }> {
  authorizeSiteAdmin(actor);
  const normal = canonical(url);
  const result = await ctx.dialect.db
    .insertInto('witness_allow_list')
    .values({ url: normal, added_at: ctx.now().toISOString() })
    .onConflict((oc) => oc.column('url').doNothing())
    .executeTakeFirst();
  return { url: normal, added: Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 };
}

/** Takes a URL off the table; bodies' witnesses at that URL are no longer offered checkpoints. */
export async function denyWitness(
  ctx: ServiceContext,
  actor: Actor | null,
  url: string,
): Promise<{ url: string; removed: boolean; stillAllowedBySetting: boolean }> {
  authorizeSiteAdmin(actor);
  const normal = canonical(url);
  const result = await ctx.dialect.db.deleteFrom('witness_allow_list').where('url', '=', normal).executeTakeFirst();
  return {
    url: normal,
    removed: Number(result.numDeletedRows) > 0,
    stillAllowedBySetting: ctx.witnessAllow.some((u) => normalizeWitnessUrl(u) === normal),
  };
}

export async function listAllowedWitnesses(
  ctx: ServiceContext,
  actor: Actor | null,
): Promise<Array<{ url: string; source: 'admin' | 'setting'; addedAt: string | null }>> {
  authorizeSiteAdmin(actor);
  const rows = await ctx.dialect.db
    .selectFrom('witness_allow_list')
    .select(['url', 'added_at'])
    .orderBy('url')
    .execute();
  const fromSetting = ctx.witnessAllow.map((u) => normalizeWitnessUrl(u)).filter((u): u is string => u !== null);
  return [
    ...rows.map((r) => ({ url: r.url, source: 'admin' as const, addedAt: r.added_at })),
    ...fromSetting
      .filter((u) => !rows.some((r) => r.url === u))
      .map((url) => ({ url, source: 'setting' as const, addedAt: null })),
  ];
}
