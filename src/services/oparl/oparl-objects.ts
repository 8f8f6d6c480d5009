// The record as OParl 1.1 objects (issue 19, first slice): each builder reads one object type of a
// body and returns its objects, each under its own stable address. Addresses are the site's public
// origin plus /oparl/v1/body/{slug}/{type}/{key}; a list and an object are built by the same code,
// so an object's `id` always dereferences to the same object. Text is in the body's first official
// language; the others ride in the extension property `quorate:names` (docs/DESIGN.md, "OParl").
import { sql } from 'kysely';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { BODY_LANGUAGES, BODY_NAMES, parseJsonColumn } from '../json-columns.ts';
import { otherTexts } from '../record-texts.ts';
import { listPapers } from '../papers/papers.ts';
import { isoSeconds } from '../exports/export-body.ts';
import { NAMED_METHODS } from '../../domain/votes/vote-methods.ts';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
export const oparlType = (type: string) => `${OPARL_VERSION}${type}`;

/** The object types a body has, by the path segment of their addresses. */
export const OPARL_TYPES = {
  organization: 'Organization',
  person: 'Person',
  membership: 'Membership',
  meeting: 'Meeting',
  agendaitem: 'AgendaItem',
  paper: 'Paper',
  file: 'File',
  term: 'LegislativeTerm',
  location: 'Location',
  consultation: 'Consultation',
} as const;
export type OparlSegment = keyof typeof OPARL_TYPES;

export type OparlObject = Record<string, unknown> & { id: string; type: string };

/** One body as the OParl builders need it. */
export interface OparlBody {
  id: number;
  slug: string;
  names: Record<string, string>;
  languages: string[];
  lang: string;
  jurisdiction: string | null;
  createdAt: string;
  /** Absolute address of the body's OParl object; every object of the body is under it. */
  base: string;
  /** The site's public origin. */
  origin: string;
}

export function oparlBody(
  row: { id: number; slug: string; names: string; languages: string; jurisdiction: string | null; created_at: string },
  publicOrigin: string,
): OparlBody {
  const languages = parseJsonColumn(BODY_LANGUAGES, row.languages);
  return {
    id: row.id,
    slug: row.slug,
    names: parseJsonColumn(BODY_NAMES, row.names),
    languages,
    lang: languages[0] ?? 'en',
    jurisdiction: row.jurisdiction,
    createdAt: row.created_at,
    base: `${publicOrigin}/oparl/v1/body/${encodeURIComponent(row.slug)}`,
    origin: publicOrigin,
  };
}

export const objectUrl = (body: OparlBody, segment: OparlSegment, key: string | number) =>
  `${body.base}/${segment}/${key}`;

/**
 * A text in the body's first language, and every language's text as `quorate:names`.
 * `own` is the row's text, in `ownLang` (null: entered before texts had a language — taken as the
 * body's first); `others` the texts added in other languages.
 */
export function localized(
  body: OparlBody,
  texts: Record<string, string | null | undefined>,
): { text: string | undefined; names: Record<string, string> } {
  const names: Record<string, string> = {};
  for (const [lang, value] of Object.entries(texts)) if (value) names[lang] = value;
  const text = names[body.lang] ?? body.languages.map((l) => names[l]).find(Boolean) ?? Object.values(names)[0];
  return { text, names };
}

/** `name` (when known) and, when the record holds it in more than one language, `quorate:names`. */
function nameProps(body: OparlBody, texts: Record<string, string | null | undefined>, key = 'name') {
  const { text, names } = localized(body, texts);
  return {
    ...(text === undefined ? {} : { [key]: text }),
    ...(Object.keys(names).length > 1 ? { 'quorate:names': names } : {}),
  };
}

/**
 * `created` from the row. `modified` comes from the log's entries (oparl-modified.ts), set on every
 * object as it is served: a row's later changes (a sitting cancelled, a mandate ended) are entries
 * the rows do not date (docs/DESIGN.md, "OParl").
 */
const stamp = (iso: string | null | undefined) => (iso ? { created: isoSeconds(iso) } : {});

/**
 * Each row's title and its other-language titles (record_texts), by language. Rows may belong to the
 * body or its committees: each row's texts are read from its own body's record.
 */
async function recordTexts(
  db: Executor,
  body: OparlBody,
  type: 'sitting' | 'agenda_item' | 'motion',
  rows: readonly { id: number; body_id: number; title: string; lang: string | null }[],
) {
  const others = new Map<number, Awaited<ReturnType<typeof otherTexts>> extends Map<number, infer V> ? V : never>();
  for (const bodyId of new Set(rows.map((r) => r.body_id)))
    for (const [k, v] of await otherTexts(
      db,
      bodyId,
      type,
      rows.filter((r) => r.body_id === bodyId).map((r) => r.id),
    ))
      others.set(k, v);
  const out = new Map<number, Record<string, string>>();
  for (const r of rows) {
    const texts: Record<string, string> = { [r.lang ?? body.lang]: r.title };
    for (const [lang, list] of Object.entries(others.get(r.id)?.title ?? {}))
      if (!(lang in texts) && list[0]) texts[lang] = list[0].text;
    out.set(r.id, texts);
  }
  return out;
}

// --- Legislative terms ---------------------------------------------------------------------------

const TERM_NAME: Record<string, (n: number) => string> = {
  ru: (n) => `Созыв ${n}`,
  en: (n) => `Term ${n}`,
};

export async function legislativeTerms(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  const rows = await db
    .selectFrom('terms')
    .select(['number', 'starts_on', 'ends_on', 'created_at'])
    .where('body_id', '=', body.id)
    .orderBy('number')
    .execute();
  return rows.map((t) => ({
    id: objectUrl(body, 'term', t.number),
    type: oparlType('LegislativeTerm'),
    body: body.base,
    ...nameProps(
      body,
      Object.fromEntries(body.languages.filter((l) => TERM_NAME[l]).map((l) => [l, TERM_NAME[l]!(t.number)])),
    ),
    startDate: t.starts_on,
    ...(t.ends_on ? { endDate: t.ends_on } : {}),
    ...stamp(t.created_at),
    deleted: false,
  }));
}

// --- Organizations: the council, its committees, its factions -----------------------------------

/** The key of the council's own organization. */
export const COUNCIL = 'council';

/** The body's committees (bodies whose parent it is). */
async function committees(db: Executor, body: OparlBody) {
  return db
    .selectFrom('bodies')
    .select(['id', 'slug', 'names', 'created_at'])
    .where('parent_id', '=', body.id)
    .orderBy('id')
    .execute();
}

export async function organizations(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  const members = await memberships(db, body);
  const membershipsOf = (org: string) => members.filter((m) => m.organization === org).map((m) => m.id);
  const council = objectUrl(body, 'organization', COUNCIL);
  const out: OparlObject[] = [
    {
      id: council,
      type: oparlType('Organization'),
      body: body.base,
      ...nameProps(body, body.names),
      organizationType: 'Gremium',
      classification: 'council',
      membership: membershipsOf(council),
      web: `${body.origin}/${encodeURIComponent(body.slug)}`,
      ...stamp(body.createdAt),
      deleted: false,
    },
  ];
  for (const c of await committees(db, body)) {
    const id = objectUrl(body, 'organization', `committee-${c.id}`);
    out.push({
      id,
      type: oparlType('Organization'),
      body: body.base,
      ...nameProps(body, parseJsonColumn(BODY_NAMES, c.names)),
      organizationType: 'Gremium',
      classification: 'committee',
      subOrganizationOf: council,
      membership: membershipsOf(id),
      startDate: c.created_at.slice(0, 10),
      web: `${body.origin}/${encodeURIComponent(c.slug)}`,
      ...stamp(c.created_at),
      deleted: false,
    });
  }
  const factions = await db
    .selectFrom('factions')
    .select(['id', 'name_en', 'name_ru', 'founded_on', 'dissolved_on', 'created_at'])
    .where('body_id', '=', body.id)
    .orderBy('id')
    .execute();
  for (const f of factions) {
    const id = objectUrl(body, 'organization', `faction-${f.id}`);
    out.push({
      id,
      type: oparlType('Organization'),
      body: body.base,
      ...nameProps(body, { en: f.name_en, ru: f.name_ru }),
      organizationType: 'Fraktion',
      classification: 'faction',
      subOrganizationOf: council,
      membership: membershipsOf(id),
      startDate: f.founded_on,
      ...(f.dissolved_on ? { endDate: f.dissolved_on } : {}),
      ...stamp(f.created_at),
      deleted: false,
    });
  }
  return out;
}

// --- People and memberships ----------------------------------------------------------------------

/**
 * The body's people the record names. A seat holder the record does not name is no Person: their
 * membership has no `person` (OParl's Membership allows that), only the seat (`quorate:seat`).
 */
async function namedPeople(db: Executor, body: OparlBody) {
  return db
    .selectFrom('people')
    .select(['id', 'name_en', 'name_ru', 'created_at'])
    .where('body_id', '=', body.id)
    .where((eb) => eb.or([eb('name_en', 'is not', null), eb('name_ru', 'is not', null)]))
    .orderBy('id')
    .execute();
}

export async function memberships(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  const named = new Set((await namedPeople(db, body)).map((p) => p.id));
  const person = (id: number | null) => (id !== null && named.has(id) ? { person: objectUrl(body, 'person', id) } : {});
  const council = objectUrl(body, 'organization', COUNCIL);
  const seats = await db
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('memberships as parent', 'parent.id', 'memberships.parent_membership_id')
    .select([
      'memberships.id',
      'memberships.body_id',
      'memberships.person_id',
      'parent.person_id as parent_person_id',
      'memberships.starts_on',
      'memberships.ends_on',
      'memberships.created_at',
      'seats.number',
    ])
    .where((eb) =>
      eb.or([
        eb('memberships.body_id', '=', body.id),
        eb('memberships.body_id', 'in', eb.selectFrom('bodies').select('id').where('parent_id', '=', body.id)),
      ]),
    )
    .orderBy('memberships.id')
    .execute();
  // The faction a council member sits for: an open faction membership (none left by a recorded act).
  const onBehalfOf = new Map(
    (
      await db
        .selectFrom('faction_members')
        .select(['membership_id', 'faction_id'])
        .where('body_id', '=', body.id)
        .where('leaves_on', 'is', null)
        .orderBy('id')
        .execute()
    ).map((f) => [f.membership_id, objectUrl(body, 'organization', `faction-${f.faction_id}`)]),
  );
  const out: OparlObject[] = seats.map((m) => ({
    id: objectUrl(body, 'membership', `seat-${m.id}`),
    type: oparlType('Membership'),
    // In a committee, the person is the council member's (the committee seat's parent membership).
    ...person(m.body_id === body.id ? m.person_id : m.parent_person_id),
    organization: m.body_id === body.id ? council : objectUrl(body, 'organization', `committee-${m.body_id}`),
    ...(m.body_id === body.id && onBehalfOf.has(m.id) ? { onBehalfOf: onBehalfOf.get(m.id) } : {}),
    role: 'member',
    votingRight: true,
    ...(m.starts_on ? { startDate: m.starts_on } : {}),
    ...(m.ends_on ? { endDate: m.ends_on } : {}),
    'quorate:seat': m.number,
    ...stamp(m.created_at),
    deleted: false,
  }));
  const factionRows = await db
    .selectFrom('faction_members')
    .innerJoin('memberships', 'memberships.id', 'faction_members.membership_id')
    .select([
      'faction_members.id',
      'faction_members.faction_id',
      'faction_members.joins_on',
      'faction_members.leaves_on',
      'faction_members.created_at',
      'memberships.person_id',
    ])
    .where('faction_members.body_id', '=', body.id)
    .orderBy('faction_members.id')
    .execute();
  for (const f of factionRows)
    out.push({
      id: objectUrl(body, 'membership', `faction-${f.id}`),
      type: oparlType('Membership'),
      ...person(f.person_id),
      organization: objectUrl(body, 'organization', `faction-${f.faction_id}`),
      role: 'member',
      startDate: f.joins_on,
      ...(f.leaves_on ? { endDate: f.leaves_on } : {}),
      ...stamp(f.created_at),
      deleted: false,
    });
  return out;
}

export async function persons(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  const all = await memberships(db, body);
  return (await namedPeople(db, body)).map((p) => {
    const id = objectUrl(body, 'person', p.id);
    return {
      id,
      type: oparlType('Person'),
      body: body.base,
      ...nameProps(body, { en: p.name_en, ru: p.name_ru }),
      membership: all.filter((m) => m.person === id),
      ...stamp(p.created_at),
      deleted: false,
    };
  });
}

// --- Meetings, their places and agenda items -----------------------------------------------------

/** The sittings of the body and of its committees, each with the organization that sits. */
async function sittings(db: Executor, body: OparlBody, only?: number) {
  return db
    .selectFrom('sittings')
    .select(['id', 'body_id', 'title', 'lang', 'date', 'starts_at', 'place', 'status', 'closed_at', 'created_at'])
    .where((eb) =>
      eb.or([
        eb('body_id', '=', body.id),
        eb('body_id', 'in', eb.selectFrom('bodies').select('id').where('parent_id', '=', body.id)),
      ]),
    )
    .$if(only !== undefined, (q) => q.where('id', '=', only!))
    .orderBy('id')
    .execute();
}

/** An object's key as a row id, or null when it is none (such a key names no object). */
function rowKey(key: string): number | null {
  return /^[1-9][0-9]{0,9}$/.test(key) && Number(key) <= 2_147_483_647 ? Number(key) : null;
}

export async function agendaItems(
  db: Executor,
  body: OparlBody,
  sittingIds: readonly number[] | null = null,
): Promise<OparlObject[]> {
  const ids = sittingIds ?? (await sittings(db, body)).map((s) => s.id);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('agenda_items')
    .select([
      'id',
      'body_id',
      'sitting_id',
      'position',
      'title',
      'lang',
      'closed',
      'withdrawn_reason',
      // Whether the title is withheld; the withheld title itself is never read here.
      sql<number>`case when closed_title is null then 0 else 1 end`.as('withheld'),
    ])
    .where('sitting_id', 'in', ids)
    .orderBy('sitting_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  const texts = await recordTexts(db, body, 'agenda_item', rows);
  const votes = await closedVotes(db, body, ids);
  // An item's consultation (1:1 in the spec) is that of its first paper.
  const firstPaper = new Map<number, number>();
  if (rows.length > 0)
    for (const p of await db
      .selectFrom('papers')
      .select(['agenda_item_id', db.fn.min('id').as('paper')])
      .where(
        'agenda_item_id',
        'in',
        rows.map((r) => r.id),
      )
      .groupBy('agenda_item_id')
      .execute())
      if (p.agenda_item_id !== null) firstPaper.set(p.agenda_item_id, Number(p.paper));
  return rows.map((a) => {
    const own = votes.filter((v) => v.agendaItemId === a.id).map((v) => v.vote);
    return {
      id: objectUrl(body, 'agendaitem', a.id),
      type: oparlType('AgendaItem'),
      meeting: objectUrl(body, 'meeting', a.sitting_id),
      number: String(a.position),
      order: a.position,
      ...(Number(a.withheld) === 1 ? {} : nameProps(body, texts.get(a.id) ?? {})),
      public: a.closed !== 1,
      ...(a.withdrawn_reason === null ? {} : { 'quorate:withdrawn': a.withdrawn_reason }),
      ...(firstPaper.has(a.id) ? { consultation: objectUrl(body, 'consultation', firstPaper.get(a.id)!) } : {}),
      ...(own.length > 0 ? { 'quorate:votes': own } : {}),
      deleted: false,
    };
  });
}

// --- Votes: the extension `quorate:votes` (OParl 1.1 has no vote object) ------------------------

/**
 * The closed votes of some sittings, as the extension's objects (docs/DESIGN.md, "OParl";
 * docs/oparl-quorate-votes.schema.json). Counts and outcome only; for a vote taken by name, a link
 * to the JSON API's vote, which lists each member's vote. A secret ballot's choices are never
 * attributed, and nothing here could attribute them.
 */
async function closedVotes(db: Executor, body: OparlBody, sittingIds: readonly number[]) {
  if (sittingIds.length === 0) return [];
  const rows = await db
    .selectFrom('votes')
    .innerJoin('motions', 'motions.id', 'votes.motion_id')
    .innerJoin('bodies', 'bodies.id', 'votes.body_id')
    .leftJoin('decisions', 'decisions.vote_id', 'votes.id')
    .select([
      'votes.id',
      'votes.sitting_id',
      'votes.method',
      'votes.majority_name',
      'votes.present',
      'votes.established',
      'votes.yes',
      'votes.no',
      'votes.abstain',
      'votes.blank',
      'votes.invalid',
      'votes.adopted',
      'votes.quorate',
      'votes.opened_at',
      'votes.closed_at',
      'votes.close_entry',
      'motions.agenda_item_id',
      'motions.title as motion_title',
      'bodies.slug',
      'decisions.register_number',
    ])
    .where('votes.sitting_id', 'in', sittingIds)
    .where('votes.status', '=', 'closed')
    .orderBy('votes.id')
    .execute();
  return rows.map((v) => {
    const api = `${body.origin}/api/v1/bodies/${encodeURIComponent(v.slug)}/votes/${v.id}`;
    const counts: Record<string, number> = { yes: v.yes ?? 0, no: v.no ?? 0, abstain: v.abstain ?? 0 };
    if (v.blank !== null) counts.blank = v.blank;
    if (v.invalid !== null) counts.invalid = v.invalid;
    return {
      sittingId: v.sitting_id,
      agendaItemId: v.agenda_item_id,
      vote: {
        id: api,
        web: `${body.origin}/${encodeURIComponent(v.slug)}/votes/${v.id}`,
        motion: v.motion_title,
        method: v.method,
        secret: v.method.startsWith('secret_'),
        majority: v.majority_name,
        present: v.present,
        established: v.established,
        counts,
        quorate: v.quorate === 1,
        adopted: v.adopted === 1,
        ...(v.register_number ? { decision: v.register_number } : {}),
        ...(v.opened_at ? { start: isoSeconds(v.opened_at) } : {}),
        ...(v.closed_at ? { end: isoSeconds(v.closed_at) } : {}),
        ...(v.close_entry === null ? {} : { logEntry: v.close_entry }),
        ...(NAMED_METHODS.includes(v.method) ? { namedVotes: api } : {}),
      },
    };
  });
}

/** The place of a sitting, as text (the record keeps no address fields), at its own address. */
function location(body: OparlBody, sittingId: number, place: string): OparlObject {
  return {
    id: objectUrl(body, 'location', sittingId),
    type: oparlType('Location'),
    description: place,
    meetings: [objectUrl(body, 'meeting', sittingId)],
    deleted: false,
  };
}

export async function locations(db: Executor, body: OparlBody, only?: number): Promise<OparlObject[]> {
  return (await sittings(db, body, only)).flatMap((s) => (s.place ? [location(body, s.id, s.place)] : []));
}

/** The body's meetings; with `only`, just that sitting's (built the same way). */
export async function meetings(db: Executor, body: OparlBody, only?: number): Promise<OparlObject[]> {
  const rows = await sittings(db, body, only);
  const votes = await closedVotes(
    db,
    body,
    rows.map((s) => s.id),
  );
  const items = await agendaItems(
    db,
    body,
    rows.map((s) => s.id),
  );
  // Who the record has present, by person: named people only (a holder the record does not name
  // is no Person); in a committee, the person of the council mandate the committee seat rests on.
  const named = new Set((await namedPeople(db, body)).map((p) => p.id));
  const present = new Map<number, string[]>();
  if (rows.length > 0)
    for (const a of await db
      .selectFrom('attendance')
      .innerJoin('memberships', 'memberships.id', 'attendance.membership_id')
      .leftJoin('memberships as parent', 'parent.id', 'memberships.parent_membership_id')
      .select(['attendance.sitting_id', 'memberships.person_id', 'parent.person_id as parent_person_id'])
      .where(
        'attendance.sitting_id',
        'in',
        rows.map((s) => s.id),
      )
      .where('attendance.status', '=', 'present')
      .orderBy('attendance.sitting_id')
      .orderBy('memberships.seat_id')
      .execute()) {
      const person = a.person_id ?? a.parent_person_id;
      if (person === null || !named.has(person)) continue;
      const list = present.get(a.sitting_id) ?? [];
      list.push(objectUrl(body, 'person', person));
      present.set(a.sitting_id, list);
    }
  // The approved minutes (issue 17): the stored PDF, byte for byte, at the sitting's minutes URL.
  const approved = new Map<number, OparlObject>();
  if (rows.length > 0)
    for (const m of await db
      .selectFrom('minutes')
      .innerJoin('bodies', 'bodies.id', 'minutes.body_id')
      .select(['minutes.sitting_id', 'minutes.approved_at', 'minutes.pdf_sha256', 'minutes.pdf_size', 'bodies.slug'])
      .where(
        'minutes.sitting_id',
        'in',
        rows.map((s) => s.id),
      )
      .where('minutes.approved_entry', 'is not', null)
      .execute()) {
      if (m.pdf_sha256 === null || m.approved_at === null) continue;
      const url = `${body.origin}/export/${encodeURIComponent(m.slug)}/sittings/${m.sitting_id}/minutes.pdf`;
      approved.set(m.sitting_id, {
        id: objectUrl(body, 'file', `minutes-${m.sitting_id}`),
        type: oparlType('File'),
        name: body.lang === 'ru' ? 'Протокол заседания' : 'Minutes',
        fileName: `minutes-${m.sitting_id}.pdf`,
        mimeType: 'application/pdf',
        date: m.approved_at.slice(0, 10),
        ...(m.pdf_size === null ? {} : { size: m.pdf_size }),
        'quorate:sha256Checksum': m.pdf_sha256,
        accessUrl: url,
        downloadUrl: url,
        meeting: [objectUrl(body, 'meeting', m.sitting_id)],
        created: isoSeconds(m.approved_at),
        deleted: false,
      });
    }
  // Each notice of the sitting (the record keeps the act, not a document: no `invitation` File).
  const notices = new Map<number, Array<{ published: string; forDate: string; inTime: boolean | null }>>();
  if (rows.length > 0)
    for (const n of await db
      .selectFrom('sitting_notices')
      .select(['sitting_id', 'published_at', 'sitting_date', 'in_time'])
      .where(
        'sitting_id',
        'in',
        rows.map((s) => s.id),
      )
      .orderBy('id')
      .execute())
      notices.set(n.sitting_id, [
        ...(notices.get(n.sitting_id) ?? []),
        {
          published: isoSeconds(n.published_at),
          forDate: n.sitting_date,
          inTime: n.in_time === null ? null : n.in_time === 1,
        },
      ]);
  const texts = await recordTexts(db, body, 'sitting', rows);
  return rows.map((s) => {
    const id = objectUrl(body, 'meeting', s.id);
    return {
      id,
      type: oparlType('Meeting'),
      ...nameProps(body, texts.get(s.id) ?? {}),
      meetingState: s.status,
      ...(s.status === 'cancelled' ? { cancelled: true } : {}),
      ...(s.starts_at ? { start: isoSeconds(s.starts_at) } : {}),
      ...(s.closed_at ? { end: isoSeconds(s.closed_at) } : {}),
      'quorate:date': s.date,
      ...(notices.has(s.id) ? { 'quorate:notices': notices.get(s.id) } : {}),
      ...(approved.has(s.id) ? { resultsProtocol: approved.get(s.id) } : {}),
      ...(s.place ? { location: location(body, s.id, s.place) } : {}),
      organization: [
        s.body_id === body.id
          ? objectUrl(body, 'organization', COUNCIL)
          : objectUrl(body, 'organization', `committee-${s.body_id}`),
      ],
      ...(present.has(s.id) ? { participant: present.get(s.id) } : {}),
      agendaItem: items.filter((a) => a.meeting === id),
      // Every closed vote of the sitting, whether or not its motion is on an agenda item.
      ...(votes.some((v) => v.sittingId === s.id)
        ? { 'quorate:votes': votes.filter((v) => v.sittingId === s.id).map((v) => v.vote) }
        : {}),
      web: `${body.origin}/${encodeURIComponent(body.slug)}/sittings/${s.id}`,
      ...stamp(s.created_at),
      deleted: false,
    };
  });
}

// --- Papers and files ----------------------------------------------------------------------------

/** Every paper of the body and its committees with its versions (versions newest first). */
async function bodyPapers(db: Executor, body: OparlBody) {
  // The council's papers, then each committee's (a committee's file is served under its own slug).
  const out = (await listPapers(db, body.id, null)).map((p) => ({ ...p, slug: body.slug, bodyId: body.id }));
  for (const c of await committees(db, body))
    out.push(...(await listPapers(db, c.id, null)).map((p) => ({ ...p, slug: c.slug, bodyId: c.id })));
  return out;
}

type PaperRow = Awaited<ReturnType<typeof bodyPapers>>[number];

function file(body: OparlBody, p: PaperRow, v: PaperRow['versions'][number]): OparlObject {
  const url = `${body.origin}/${encodeURIComponent(p.slug)}/papers/${p.id}/v/${v.version}`;
  return {
    id: objectUrl(body, 'file', `${p.id}-${v.version}`),
    type: oparlType('File'),
    ...nameProps(body, p.title),
    fileName: `paper-${p.id}-v${v.version}${v.mediaType === 'application/pdf' ? '.pdf' : ''}`,
    mimeType: v.mediaType,
    date: v.uploadedAt.slice(0, 10),
    size: v.size,
    sha512Checksum: v.sha512,
    'quorate:sha256Checksum': v.sha256,
    'quorate:version': v.version,
    accessUrl: url,
    downloadUrl: url,
    meeting: [objectUrl(body, 'meeting', p.sittingId)],
    ...(p.agendaItemId === null ? {} : { agendaItem: [objectUrl(body, 'agendaitem', p.agendaItemId)] }),
    paper: [objectUrl(body, 'paper', p.id)],
    ...stamp(v.uploadedAt),
    deleted: false,
  };
}

/**
 * The files: each version of each paper. A withheld one is the spec's deleted object (its id, type,
 * `deleted: true` and its dates): it has no address to give, and a syncing client learns to drop it.
 */
export async function files(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  return (await bodyPapers(db, body)).flatMap((p) =>
    p.versions
      .slice()
      .reverse()
      .map((v) =>
        v.withheld
          ? {
              id: objectUrl(body, 'file', `${p.id}-${v.version}`),
              type: oparlType('File'),
              ...stamp(v.uploadedAt),
              deleted: true,
            }
          : file(body, p, v),
      ),
  );
}

/**
 * A paper considered at an agenda item is a Consultation (the paper, the item, its meeting and the
 * organization that sits); one per paper, keyed by the paper.
 */
function consultation(body: OparlBody, p: PaperRow): OparlObject | null {
  if (p.agendaItemId === null) return null;
  const first = p.versions[p.versions.length - 1];
  return {
    id: objectUrl(body, 'consultation', p.id),
    type: oparlType('Consultation'),
    paper: objectUrl(body, 'paper', p.id),
    agendaItem: objectUrl(body, 'agendaitem', p.agendaItemId),
    meeting: objectUrl(body, 'meeting', p.sittingId),
    organization: [
      p.bodyId === body.id
        ? objectUrl(body, 'organization', COUNCIL)
        : objectUrl(body, 'organization', `committee-${p.bodyId}`),
    ],
    ...stamp(first?.uploadedAt),
    deleted: false,
  };
}

export async function consultations(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  const ofPapers = (await bodyPapers(db, body)).flatMap((p) => {
    const c = consultation(body, p);
    return c ? [c] : [];
  });
  return [...ofPapers, ...(await consultationsOfMotions(db, body))];
}

/**
 * The body's motions (and its committees') as OParl Papers (`paper/motion-{id}`), the kind OParl
 * calls a Vorlage or Antrag: its title (in the body's languages), its kind, the day it was tabled,
 * its status, the register number of the decision it became as `reference`, and its consultation at
 * the agenda item it was tabled under (`consultation/motion-{id}`).
 */
async function motionPapers(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  const rows = await db
    .selectFrom('motions')
    .innerJoin('bodies', 'bodies.id', 'motions.body_id')
    .leftJoin('decisions', 'decisions.motion_id', 'motions.id')
    .select([
      'motions.id',
      'motions.body_id',
      'motions.sitting_id',
      'motions.agenda_item_id',
      'motions.kind',
      'motions.title',
      'motions.lang',
      'motions.status',
      'motions.created_at',
      'decisions.register_number',
      'bodies.slug',
    ])
    .where((eb) =>
      eb.or([
        eb('motions.body_id', '=', body.id),
        eb('motions.body_id', 'in', eb.selectFrom('bodies').select('id').where('parent_id', '=', body.id)),
      ]),
    )
    .orderBy('motions.id')
    .execute();
  const titles = await recordTexts(db, body, 'motion', rows);
  const seen = new Set<number>();
  return rows.flatMap((m) => {
    // A motion adopted twice (a vote, then a declared result) is one paper.
    if (seen.has(m.id)) return [];
    seen.add(m.id);
    const texts = titles.get(m.id) ?? {};
    const id = objectUrl(body, 'paper', `motion-${m.id}`);
    const organization = [
      m.body_id === body.id
        ? objectUrl(body, 'organization', COUNCIL)
        : objectUrl(body, 'organization', `committee-${m.body_id}`),
    ];
    const consulted: OparlObject | null =
      m.agenda_item_id === null || m.sitting_id === null
        ? null
        : {
            id: objectUrl(body, 'consultation', `motion-${m.id}`),
            type: oparlType('Consultation'),
            paper: id,
            agendaItem: objectUrl(body, 'agendaitem', m.agenda_item_id),
            meeting: objectUrl(body, 'meeting', m.sitting_id),
            organization,
            authoritative: true,
            ...stamp(m.created_at),
            deleted: false,
          };
    return [
      {
        id,
        type: oparlType('Paper'),
        body: body.base,
        ...nameProps(body, texts),
        ...(m.register_number ? { reference: m.register_number } : {}),
        paperType: 'motion',
        'quorate:kind': m.kind,
        'quorate:status': m.status,
        date: m.created_at.slice(0, 10),
        ...(m.sitting_id === null ? {} : { 'quorate:meeting': objectUrl(body, 'meeting', m.sitting_id) }),
        ...(m.agenda_item_id === null ? {} : { 'quorate:agendaItem': objectUrl(body, 'agendaitem', m.agenda_item_id) }),
        ...(consulted ? { consultation: [consulted] } : {}),
        // The JSON API's motion (there is no motion page of its own: its votes have theirs).
        'quorate:api': `${body.origin}/api/v1/bodies/${encodeURIComponent(m.slug)}/motions/${m.id}`,
        ...stamp(m.created_at),
        deleted: false,
      },
    ];
  });
}

export async function papers(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  return [...(await documentPapers(db, body)), ...(await motionPapers(db, body))];
}

export async function consultationsOfMotions(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  return (await motionPapers(db, body)).flatMap((p) => (p.consultation as OparlObject[] | undefined) ?? []);
}

async function documentPapers(db: Executor, body: OparlBody): Promise<OparlObject[]> {
  return (await bodyPapers(db, body)).map((p) => {
    const consulted = consultation(body, p);
    const shown = p.versions.filter((v) => !v.withheld);
    const first = p.versions[p.versions.length - 1];
    return {
      id: objectUrl(body, 'paper', p.id),
      type: oparlType('Paper'),
      body: body.base,
      ...nameProps(body, p.title),
      paperType: p.kind,
      ...(first ? { date: first.uploadedAt.slice(0, 10) } : {}),
      // The newest version that is not withheld; the older ones are in the body's file list.
      ...(shown[0] ? { mainFile: file(body, p, shown[0]) } : {}),
      'quorate:meeting': objectUrl(body, 'meeting', p.sittingId),
      ...(p.agendaItemId === null ? {} : { 'quorate:agendaItem': objectUrl(body, 'agendaitem', p.agendaItemId) }),
      ...(consulted ? { consultation: [consulted] } : {}),
      ...stamp(first?.uploadedAt),
      deleted: false,
    };
  });
}

/** The builders of the body's external lists, by the path segment of the list (and of its objects). */
/**
 * The objects a key can name, built as in the list (so the object equals its list entry): the
 * whole list, or for sittings and agenda items just the rows the key can be.
 */
export const OPARL_CANDIDATES: Partial<
  Record<OparlSegment, (db: Executor, body: OparlBody, key: string) => Promise<OparlObject[]>>
> = {
  meeting: async (db, body, key) => {
    const id = rowKey(key);
    return id === null ? [] : meetings(db, body, id);
  },
  location: async (db, body, key) => {
    const id = rowKey(key);
    return id === null ? [] : locations(db, body, id);
  },
  agendaitem: async (db, body, key) => {
    const id = rowKey(key);
    if (id === null) return [];
    const item = await db.selectFrom('agenda_items').select('sitting_id').where('id', '=', id).executeTakeFirst();
    if (!item || (await sittings(db, body, item.sitting_id)).length === 0) return [];
    return agendaItems(db, body, [item.sitting_id]);
  },
};

export const OPARL_LISTS: Record<OparlSegment, (db: Executor, body: OparlBody) => Promise<OparlObject[]>> = {
  organization: organizations,
  person: persons,
  membership: memberships,
  meeting: (db, body) => meetings(db, body),
  agendaitem: (db, body) => agendaItems(db, body),
  paper: papers,
  file: files,
  term: legislativeTerms,
  location: (db, body) => locations(db, body),
  consultation: consultations,
};
