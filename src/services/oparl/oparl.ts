// The OParl 1.1 endpoint's answers (issue 19): the System, the list of bodies, a Body, and a body's
// external lists and objects (oparl-objects.ts builds them). Lists are paged as the spec's
// "Objektlisten und Paginierung" says: `data`, `pagination` and `links` (first, prev, next, last),
// in a stable order (by the record's ids). Only bodies with no parent are OParl bodies: a committee
// is an Organization of its council.
import type { ServiceContext } from '../service-context.ts';
import { notFound } from '../service-error.ts';
import { findBody } from '../bodies.ts';
import { isoSeconds } from '../exports/export-body.ts';
import {
  legislativeTerms,
  OPARL_CANDIDATES,
  OPARL_LISTS,
  OPARL_TYPES,
  OPARL_VERSION,
  objectUrl,
  oparlBody,
  oparlType,
  localized,
  type OparlBody,
  type OparlObject,
  type OparlSegment,
} from './oparl-objects.ts';
import { modifiedIndex, withModified } from './oparl-modified.ts';

export { OPARL_VERSION, OPARL_TYPES, type OparlObject };

/** Where the OParl endpoint lives, under the site's public origin. */
export const OPARL_PREFIX = '/oparl/v1';
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  page: number;
  limit: number;
  /** The spec's list filters (chapter "Filter"): ISO 8601 instants, inclusive. */
  created_since?: string | undefined;
  created_until?: string | undefined;
  modified_since?: string | undefined;
  modified_until?: string | undefined;
}

const FILTERS = ['created_since', 'created_until', 'modified_since', 'modified_until'] as const;

/** The objects the request's filters let through (an object without the date is let through by none). */
function filtered(all: OparlObject[], req: PageRequest): OparlObject[] {
  const bounds = FILTERS.flatMap((f) => (req[f] ? [[f, Date.parse(req[f])] as const] : []));
  if (bounds.length === 0) return all;
  return all.filter((o) =>
    bounds.every(([f, bound]) => {
      const value = o[f.startsWith('created') ? 'created' : 'modified'];
      if (typeof value !== 'string') return false;
      const t = Date.parse(value);
      return f.endsWith('_since') ? t >= bound : t <= bound;
    }),
  );
}

export interface OparlList {
  data: OparlObject[];
  pagination: { totalElements: number; elementsPerPage: number; currentPage: number; totalPages: number };
  links: { first: string; prev?: string; self: string; next?: string; last: string };
}

const systemUrl = (ctx: ServiceContext) => `${ctx.publicOrigin}${OPARL_PREFIX}/system`;

/** One page of a list at `url` (no query), links keeping the page size and the filters. */
function paged(url: string, everything: OparlObject[], req: PageRequest): OparlList {
  const all = filtered(everything, req);
  const totalPages = Math.max(1, Math.ceil(all.length / req.limit));
  const kept = FILTERS.flatMap((f) => (req[f] ? [`&${f}=${encodeURIComponent(req[f])}`] : [])).join('');
  const at = (page: number) => `${url}?page=${page}&limit=${req.limit}${kept}`;
  const page = req.page;
  return {
    data: all.slice((page - 1) * req.limit, page * req.limit),
    pagination: { totalElements: all.length, elementsPerPage: req.limit, currentPage: page, totalPages },
    links: {
      first: at(1),
      ...(page > 1 ? { prev: at(Math.min(page - 1, totalPages)) } : {}),
      self: at(page),
      ...(page < totalPages ? { next: at(page + 1) } : {}),
      last: at(totalPages),
    },
  };
}

/** A body that is an OParl body (not a committee), by slug. */
async function bodyBySlug(ctx: ServiceContext, slug: string): Promise<OparlBody> {
  const row = await findBody(ctx.dialect.db, slug);
  if (row.parent_id !== null) throw notFound(`OParl body "${slug}"`, 'body_not_found');
  return oparlBody(row, ctx.publicOrigin);
}

/** The entry point. */
export function oparlSystem(ctx: ServiceContext): OparlObject {
  return {
    id: systemUrl(ctx),
    type: oparlType('System'),
    oparlVersion: OPARL_VERSION,
    body: `${ctx.publicOrigin}${OPARL_PREFIX}/bodies`,
    name: 'Quorate',
    website: ctx.publicOrigin,
    // No vendor or product URL: the project publishes none yet (OParl's are optional URLs).
    deleted: false,
  };
}

function bodyObject(ctx: ServiceContext, body: OparlBody, terms: OparlObject[]): OparlObject {
  const list = (segment: OparlSegment) => `${body.base}/${segment}`;
  const { names } = localized(body, body.names);
  return {
    id: body.base,
    type: oparlType('Body'),
    system: systemUrl(ctx),
    name: localized(body, body.names).text ?? body.slug,
    ...(Object.keys(names).length > 1 ? { 'quorate:names': names } : {}),
    website: `${ctx.publicOrigin}/${encodeURIComponent(body.slug)}`,
    // Federal Law 131-FZ, art. 34 part 1: "представительный орган муниципального образования".
    classification:
      body.lang === 'ru'
        ? 'представительный орган муниципального образования'
        : 'representative body of a municipality',
    mainOrganization: objectUrl(body, 'organization', 'council'),
    organization: list('organization'),
    person: list('person'),
    meeting: list('meeting'),
    paper: list('paper'),
    agendaItem: list('agendaitem'),
    file: list('file'),
    membership: list('membership'),
    locationList: list('location'),
    legislativeTermList: list('term'),
    consultation: list('consultation'),
    legislativeTerm: terms,
    'quorate:languages': body.languages,
    web: `${ctx.publicOrigin}/${encodeURIComponent(body.slug)}`,
    created: isoSeconds(body.createdAt),
    deleted: false,
  };
}

/** The list of bodies (those with no parent), by id. */
export async function oparlBodies(ctx: ServiceContext, req: PageRequest): Promise<OparlList> {
  const db = ctx.dialect.db;
  const rows = await db.selectFrom('bodies').selectAll().where('parent_id', 'is', null).orderBy('id').execute();
  const bodies: OparlObject[] = [];
  for (const row of rows) {
    const body = oparlBody(row, ctx.publicOrigin);
    bodies.push(withModified(bodyObject(ctx, body, await legislativeTerms(db, body)), await modifiedIndex(db, body)));
  }
  return paged(`${ctx.publicOrigin}${OPARL_PREFIX}/bodies`, bodies, req);
}

export async function oparlBodyObject(ctx: ServiceContext, slug: string): Promise<OparlObject> {
  const body = await bodyBySlug(ctx, slug);
  return withModified(
    bodyObject(ctx, body, await legislativeTerms(ctx.dialect.db, body)),
    await modifiedIndex(ctx.dialect.db, body),
  );
}

const isSegment = (s: string): s is OparlSegment => Object.hasOwn(OPARL_TYPES, s);

/**
 * A body's whole list of one type, built once per state of its log: a crawler paging through a list
 * (or syncing with filters) reads the same built list until an entry is appended, which is the only
 * way the record changes. Kept per database handle, per body and type, the latest state only.
 */
const built = new WeakMap<object, Map<string, { signature: string; objects: OparlObject[] }>>();

async function builtList(ctx: ServiceContext, body: OparlBody, segment: OparlSegment): Promise<OparlObject[]> {
  const db = ctx.dialect.db;
  const index = await modifiedIndex(db, body);
  const lists = built.get(db) ?? new Map();
  built.set(db, lists);
  const key = `${body.id}/${segment}`;
  const hit = lists.get(key);
  if (hit && hit.signature === index.signature) return hit.objects;
  const objects = (await OPARL_LISTS[segment](db, body)).map((o) => withModified(o, index));
  lists.set(key, { signature: index.signature, objects });
  return objects;
}

/** One page of one of a body's external lists. */
export async function oparlBodyList(
  ctx: ServiceContext,
  slug: string,
  segment: string,
  req: PageRequest,
): Promise<OparlList> {
  if (!isSegment(segment)) throw notFound(`OParl list "${segment}"`);
  const body = await bodyBySlug(ctx, slug);
  return paged(`${body.base}/${segment}`, await builtList(ctx, body, segment), req);
}

/** One object of a body, the same as in its list. */
export async function oparlBodyObjectOf(
  ctx: ServiceContext,
  slug: string,
  segment: string,
  key: string,
): Promise<OparlObject> {
  if (!isSegment(segment)) throw notFound(`OParl object type "${segment}"`);
  const body = await bodyBySlug(ctx, slug);
  const id = objectUrl(body, segment, key);
  const candidates = OPARL_CANDIDATES[segment];
  const found = (
    await (candidates ? candidates(ctx.dialect.db, body, key) : OPARL_LISTS[segment](ctx.dialect.db, body))
  ).find((o) => o.id === id);
  if (!found) throw notFound(`OParl ${OPARL_TYPES[segment]} "${key}"`);
  return withModified(found, await modifiedIndex(ctx.dialect.db, body));
}
