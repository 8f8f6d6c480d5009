// `modified` of every OParl object (issue 19), taken from the record's entries: the time of the
// latest entry that changes anything the object shows, so a client syncing with `modified_since`
// misses nothing. Each entry of the body's log (and of its committees' logs) is mapped to the objects
// it changes (`touches`); an object embedding others (a Meeting its AgendaItems and Location, a
// Person its Memberships, a Paper its main File, the Body its LegislativeTerms) is modified when one
// of them is. The index is rebuilt only when a log has grown, from the entries after those it has
// seen: entries are append-only, so what it has seen never changes.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { isoSeconds } from '../exports/export-body.ts';
import { COUNCIL, objectUrl, OPARL_VERSION, type OparlBody, type OparlObject } from './oparl-objects.ts';

type Data = Record<string, unknown>;

/** What the mapping needs to know beyond an entry's own data: the record's relations. */
interface Relations {
  voteOf: Map<number, { sitting: number; agendaItem: number | null; motion: number }>;
  itemsOf: Map<number, number[]>;
  membership: Map<number, { body: number }>;
  factionMemberships: Map<string, number[]>;
  filesOfBlob: Map<string, Array<{ paper: number; version: number }>>;
  committeeBySlug: Map<string, number>;
  /** The first paper of each agenda item (whose consultation is the item's). */
  firstPaperOf: Map<number, number>;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isInteger(x) ? x : null);

async function relations(db: Executor, bodyIds: number[]): Promise<Relations> {
  const votes = await db
    .selectFrom('votes')
    .innerJoin('motions', 'motions.id', 'votes.motion_id')
    .select(['votes.id', 'votes.sitting_id', 'votes.motion_id', 'motions.agenda_item_id'])
    .where('votes.body_id', 'in', bodyIds)
    .execute();
  const items = await db
    .selectFrom('agenda_items')
    .select(['id', 'sitting_id'])
    .where('body_id', 'in', bodyIds)
    .orderBy('id')
    .execute();
  const memberships = await db
    .selectFrom('memberships')
    .select(['id', 'body_id'])
    .where('body_id', 'in', bodyIds)
    .execute();
  const factionMembers = await db
    .selectFrom('faction_members')
    .select(['id', 'faction_id', 'membership_id'])
    .where('body_id', 'in', bodyIds)
    .execute();
  const versions = await db
    .selectFrom('paper_versions')
    .select(['paper_id', 'version', 'sha256'])
    .where('body_id', 'in', bodyIds)
    .execute();
  const papers = await db
    .selectFrom('papers')
    .select(['id', 'agenda_item_id'])
    .where('body_id', 'in', bodyIds)
    .orderBy('id')
    .execute();
  const committees = await db.selectFrom('bodies').select(['id', 'slug']).where('id', 'in', bodyIds).execute();
  const r: Relations = {
    voteOf: new Map(
      votes.map((v) => [v.id, { sitting: v.sitting_id, agendaItem: v.agenda_item_id, motion: v.motion_id }]),
    ),
    itemsOf: new Map(),
    membership: new Map(memberships.map((m) => [m.id, { body: m.body_id }])),
    factionMemberships: new Map(),
    filesOfBlob: new Map(),
    committeeBySlug: new Map(committees.map((c) => [c.slug, c.id])),
    firstPaperOf: new Map(),
  };
  for (const p of papers)
    if (p.agenda_item_id !== null && !r.firstPaperOf.has(p.agenda_item_id)) r.firstPaperOf.set(p.agenda_item_id, p.id);
  for (const i of items) r.itemsOf.set(i.sitting_id, [...(r.itemsOf.get(i.sitting_id) ?? []), i.id]);
  for (const f of factionMembers) {
    const k = `${f.faction_id}/${f.membership_id}`;
    r.factionMemberships.set(k, [...(r.factionMemberships.get(k) ?? []), f.id]);
  }
  for (const v of versions)
    r.filesOfBlob.set(v.sha256, [...(r.filesOfBlob.get(v.sha256) ?? []), { paper: v.paper_id, version: v.version }]);
  return r;
}

/**
 * The objects one entry changes, by their OParl ids. `bodyId` is the log the entry is in (the
 * council's or a committee's).
 */
function touches(body: OparlBody, r: Relations, bodyId: number, type: string, d: Data): string[] {
  const url = (segment: Parameters<typeof objectUrl>[1], key: string | number) => objectUrl(body, segment, key);
  const organizationOf = (b: number) => url('organization', b === body.id ? COUNCIL : `committee-${b}`);
  const meeting = (sitting: unknown) => (num(sitting) === null ? [] : [url('meeting', num(sitting)!)]);
  const allItems = (sitting: unknown) => (r.itemsOf.get(num(sitting) ?? -1) ?? []).map((i) => url('agendaitem', i));
  const vote = (v: unknown) => {
    const found = r.voteOf.get(num(v) ?? -1);
    if (!found) return [];
    return [
      url('meeting', found.sitting),
      url('paper', `motion-${found.motion}`),
      ...(found.agendaItem === null ? [] : [url('agendaitem', found.agendaItem)]),
    ];
  };
  switch (type) {
    case 'body.created':
      return bodyId === body.id ? [body.base, url('organization', COUNCIL)] : [organizationOf(bodyId)];
    case 'term.established':
      return bodyId === body.id && num(d.term) !== null ? [url('term', num(d.term)!)] : [];
    case 'committee.established': {
      const id = typeof d.slug === 'string' ? r.committeeBySlug.get(d.slug) : undefined;
      return id === undefined ? [] : [url('organization', `committee-${id}`)];
    }
    case 'seat.filled':
    case 'seat.vacated': {
      const m = num(d.membership);
      return m === null ? [] : [url('membership', `seat-${m}`), organizationOf(r.membership.get(m)?.body ?? bodyId)];
    }
    case 'faction.established':
      return [url('organization', `faction-${String(d.faction)}`)];
    case 'faction.dissolved':
      return [
        url('organization', `faction-${String(d.faction)}`),
        ...(Array.isArray(d.membersLeft) ? d.membersLeft : []).flatMap((m) => [
          // The seat's `onBehalfOf` goes with the faction membership.
          url('membership', `seat-${String(m)}`),
          ...(r.factionMemberships.get(`${String(d.faction)}/${String(m)}`) ?? []).map((f) =>
            url('membership', `faction-${f}`),
          ),
        ]),
      ];
    case 'faction.member_joined':
    case 'faction.member_left':
      return [
        url('organization', `faction-${String(d.faction)}`),
        url('membership', `seat-${String(d.member)}`),
        ...(r.factionMemberships.get(`${String(d.faction)}/${String(d.member)}`) ?? []).map((f) =>
          url('membership', `faction-${f}`),
        ),
      ];
    case 'sitting.scheduled':
    case 'sitting.rescheduled':
      return [...meeting(d.sitting), url('location', String(d.sitting))];
    case 'sitting.cancelled':
    case 'sitting.notice_published':
    case 'minutes.approved':
    case 'sitting.opened':
    case 'sitting.closed':
    case 'attendance.marked':
    case 'attendance.attested':
      return meeting(d.sitting);
    case 'agenda.item_added':
      return [...meeting(d.sitting), url('agendaitem', String(d.item))];
    case 'agenda.item_withdrawn':
      return [...meeting(d.sitting), url('agendaitem', String(d.item))];
    case 'agenda.item_moved':
    case 'agenda.item_split':
      // Positions shift: every item of the sitting may show another number.
      return [...meeting(d.sitting), ...allItems(d.sitting)];
    case 'record.text_added': {
      const target = d.target as { type?: unknown; id?: unknown } | undefined;
      if (target?.type === 'sitting') return meeting(target.id);
      if (target?.type === 'agenda_item') return [url('agendaitem', String(target.id))];
      if (target?.type === 'motion' && d.field === 'title') return [url('paper', `motion-${String(target.id)}`)];
      return [];
    }
    case 'paper.added': {
      const item = num(d.agendaItem);
      return [
        url('paper', String(d.paper)),
        ...(item === null ? [] : [url('consultation', String(d.paper))]),
        ...(item !== null && r.firstPaperOf.get(item) === num(d.paper) ? [url('agendaitem', item)] : []),
      ];
    }
    case 'paper.version_added':
      return [
        url('paper', String(d.paper)),
        url('file', `${String(d.paper)}-${String(d.version)}`),
        // A consultation is dated by its paper's first version.
        ...(num(d.version) === 1 ? [url('consultation', String(d.paper))] : []),
      ];
    case 'blob.withheld':
      return (r.filesOfBlob.get(String(d.sha256)) ?? []).flatMap((f) => [
        url('paper', f.paper),
        url('file', `${f.paper}-${f.version}`),
      ]);
    case 'vote.closed':
    case 'decision.registered':
      return vote(d.vote);
    case 'vote.opened':
      // The motion's status becomes "voting"; open votes are not shown.
      return [url('paper', `motion-${String(d.motion)}`)];
    case 'motion.tabled':
      return [
        url('paper', `motion-${String(d.motion)}`),
        ...(num(d.agendaItem) === null ? [] : [url('consultation', `motion-${String(d.motion)}`)]),
      ];
    default:
      return [];
  }
}

interface Index {
  /** Entries seen, per log. */
  seen: Map<number, number>;
  /** The first and the latest entry that touched each object. */
  created: Map<string, string>;
  modified: Map<string, string>;
}

export interface ModifiedIndex {
  created: ReadonlyMap<string, string>;
  modified: ReadonlyMap<string, string>;
  /** The logs' sizes it reflects: equal signatures, equal record (every change is an entry). */
  signature: string;
}

/** Per database handle (a test process opens several), per body. */
const caches = new WeakMap<object, Map<string, Index>>();

/** The latest change of each object of the body, by OParl id, as ISO instants. */
export async function modifiedIndex(db: Executor, body: OparlBody): Promise<ModifiedIndex> {
  const committees = await db.selectFrom('bodies').select('id').where('parent_id', '=', body.id).execute();
  const bodyIds = [body.id, ...committees.map((c) => c.id)];
  const cache = caches.get(db) ?? new Map<string, Index>();
  caches.set(db, cache);
  const key = `${body.id}`;
  const index: Index = cache.get(key) ?? { seen: new Map(), created: new Map(), modified: new Map() };
  const sizes = await db
    .selectFrom('entries')
    .select(['body_id', db.fn.max('idx').as('last')])
    .where('body_id', 'in', bodyIds)
    .groupBy('body_id')
    .execute();
  const signature = sizes
    .map((s) => `${s.body_id}:${String(s.last)}`)
    .sort()
    .join(',');
  const behind = sizes.filter((s) => Number(s.last) >= (index.seen.get(s.body_id) ?? 0));
  if (behind.length > 0) {
    const r = await relations(db, bodyIds);
    for (const s of behind) {
      const from = index.seen.get(s.body_id) ?? 0;
      const rows = await db
        .selectFrom('entries')
        .select(['idx', 'type', 'bytes', 'recorded_at'])
        .where('body_id', '=', s.body_id)
        .where('idx', '>=', from)
        .orderBy('idx')
        .execute();
      for (const row of rows) {
        const entry = JSON.parse(new TextDecoder().decode(row.bytes)) as { data?: Data };
        const at = isoSeconds(row.recorded_at);
        for (const id of touches(body, r, s.body_id, row.type, entry.data ?? {})) {
          if ((index.modified.get(id) ?? '') < at) index.modified.set(id, at);
          if (!index.created.has(id) || index.created.get(id)! > at) index.created.set(id, at);
        }
        index.seen.set(s.body_id, row.idx + 1);
      }
    }
    cache.set(key, index);
  }
  return { created: index.created, modified: index.modified, signature };
}

const isOparl = (x: unknown): x is OparlObject =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as OparlObject).type === 'string' &&
  (x as OparlObject).type.startsWith(OPARL_VERSION);

/**
 * Sets `modified` on an object and the objects it embeds: the latest of its own changes, its
 * creation and its embedded objects' `modified`. An object whose row keeps no creation time (an
 * agenda item, a location) is `created` by the first entry that touched it.
 */
export function withModified(o: OparlObject, index: ModifiedIndex): OparlObject {
  const out: OparlObject = { ...o };
  if (typeof out.created !== 'string' && index.created.has(o.id)) out.created = index.created.get(o.id);
  let latest = typeof out.created === 'string' ? out.created : '';
  const own = index.modified.get(o.id);
  if (own && own > latest) latest = own;
  for (const [k, v] of Object.entries(o)) {
    if (isOparl(v)) {
      const child = withModified(v, index);
      out[k] = child;
      if (typeof child.modified === 'string' && child.modified > latest) latest = child.modified;
    } else if (Array.isArray(v) && v.some(isOparl)) {
      out[k] = v.map((c) => {
        if (!isOparl(c)) return c;
        const child = withModified(c, index);
        if (typeof child.modified === 'string' && child.modified > latest) latest = child.modified;
        return child;
      });
    }
  }
  if (latest) out.modified = latest;
  return out;
}
