// The body's record as Popolo JSON (popoloproject.com): the organization, its seats as posts,
// named people, memberships (a seat whose holder the record does not name is a membership with
// no person), the factions as organizations (classification "faction", the body their parent)
// with their members' memberships and dates, sittings as events, motions, and vote events with
// counts (for a named vote also each faction's, with its group_id) and, where the method records
// them, each member's vote. Streamed in pages: a body with 100,000 ballots never sits in
// memory as one object. Ids are the body's log origin plus a path, stable forever.
import { decisionLives } from '../decision-reads.ts';
import { sql } from 'kysely';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { breathe, exportBody, isoSeconds, type ExportBody } from './export-body.ts';
import { NAMED_METHODS } from '../votes.ts';
import { voteFactionTable } from '../factions.ts';
import { BODY_NAMES, parseJsonColumn } from '../json-columns.ts';
import { listPapers } from '../papers/papers.ts';

const PAGE = 500;
/** Votes per page: each page also loads every ballot of its votes (2,000 delegates × 50). */
const VOTE_PAGE = 50;

function named(values: { en: string | null; ru: string | null }, preferred: string) {
  const first = preferred === 'ru' ? (values.ru ?? values.en) : (values.en ?? values.ru);
  const other = Object.entries(values)
    .filter(([, v]) => v !== null && v !== first)
    .map(([lang, v]) => ({ name: v as string, note: lang }));
  return { name: first, other_names: other };
}

/** Rows of a table, in pages by id, with a pause between pages. */
async function* pages<T extends { id: number }>(
  fetch: (afterId: number) => Promise<T[]>,
  size = PAGE,
): AsyncGenerator<T[]> {
  let after = 0;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < size) return;
    await breathe();
  }
}

/** Items of one top-level array, as JSON text chunks. */
async function* array(key: string, first: boolean, items: AsyncGenerator<unknown[]>): AsyncGenerator<string> {
  yield `${first ? '' : ','}${JSON.stringify(key)}:[`;
  let n = 0;
  for await (const page of items) {
    if (page.length === 0) continue;
    yield (n > 0 ? ',' : '') + page.map((item) => JSON.stringify(item)).join(',');
    n += page.length;
  }
  yield ']';
}

/**
 * The body as an organization; a committee names its parent (`parent_id`, classification
 * "committee"), and a body lists its committees after itself, each naming it, so the link holds
 * both ways (issue 15, item 5).
 */
async function* organization(db: Executor, body: ExportBody, publicOrigin: string) {
  const lang = body.languages[0] ?? 'en';
  const org = (
    b: { slug: string; origin: string; names: Record<string, string> },
    parent: string | null,
    jurisdiction: string | null,
  ) => ({
    id: b.origin,
    name: b.names[lang] ?? Object.values(b.names)[0] ?? b.slug,
    other_names: Object.entries(b.names)
      .filter(([l]) => l !== lang)
      .map(([l, n]) => ({ name: n, note: l })),
    classification: parent === null ? 'council' : 'committee',
    ...(parent === null ? {} : { parent_id: parent }),
    identifiers: [{ identifier: b.slug, scheme: 'quorate' }],
    links: [
      { url: `${publicOrigin}/${encodeURIComponent(b.slug)}`, note: 'public record' },
      ...(b === body
        ? []
        : [{ url: `${publicOrigin}/export/${encodeURIComponent(b.slug)}/popolo.json`, note: 'Popolo' }]),
    ],
    ...(jurisdiction ? { area: { name: jurisdiction } } : {}),
  });
  const committees = await db
    .selectFrom('bodies')
    .select(['slug', 'origin', 'names'])
    .where('parent_id', '=', body.id)
    .orderBy('slug')
    .execute();
  yield [
    org(body, body.parent?.origin ?? null, body.jurisdiction),
    ...committees.map((c) => org({ ...c, names: parseJsonColumn(BODY_NAMES, c.names) }, body.origin, null)),
  ];
}

/** The body's factions (депутатские объединения (фракции)): organizations whose parent is the body. */
async function* factionOrganizations(db: Executor, body: ExportBody, lang: string) {
  const o = body.origin;
  for await (const rows of pages((after) =>
    db
      .selectFrom('factions')
      .select(['id', 'name_en', 'name_ru', 'founded_on', 'dissolved_on'])
      .where('body_id', '=', body.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute(),
  )) {
    yield rows.map((f) => ({
      id: `${o}/faction/${f.id}`,
      ...named({ en: f.name_en, ru: f.name_ru }, lang),
      classification: 'faction',
      parent_id: o,
      founding_date: f.founded_on,
      dissolution_date: f.dissolved_on,
    }));
  }
}

/** Who was in which faction from which day to which: memberships of the faction organizations. */
async function* factionMemberships(db: Executor, body: ExportBody) {
  const o = body.origin;
  for await (const rows of pages((after) =>
    db
      .selectFrom('faction_members')
      .innerJoin('memberships', 'memberships.id', 'faction_members.membership_id')
      .select([
        'faction_members.id',
        'faction_members.faction_id',
        'faction_members.membership_id',
        'faction_members.joins_on',
        'faction_members.leaves_on',
        'memberships.person_id',
      ])
      .where('faction_members.body_id', '=', body.id)
      .where('faction_members.id', '>', after)
      .orderBy('faction_members.id')
      .limit(PAGE)
      .execute(),
  )) {
    yield rows.map((m) => ({
      id: `${o}/faction-membership/${m.id}`,
      organization_id: `${o}/faction/${m.faction_id}`,
      role: 'member',
      ...(m.person_id === null
        ? { label: `holder not named in the record (${o}/membership/${m.membership_id})` }
        : { person_id: `${o}/person/${m.person_id}` }),
      start_date: m.joins_on,
      end_date: m.leaves_on,
    }));
  }
}

/**
 * Popolo JSON of a body, as text chunks to stream.
 * @example for await (const chunk of popoloExport(db, 'smolninskoye', { publicOrigin })) out.write(chunk)
 */
export async function* popoloExport(
  db: Executor,
  slug: string,
  options: { publicOrigin: string },
): AsyncGenerator<string> {
  const body = await exportBody(db, slug);
  const lang = body.languages[0] ?? 'en';
  const o = body.origin;
  yield '{';
  yield* array(
    'organizations',
    true,
    (async function* () {
      yield* organization(db, body, options.publicOrigin);
      yield* factionOrganizations(db, body, lang);
    })(),
  );
  // A committee's members are the parent's people: one person, a membership in each body.
  const people = body.parent ? { bodyId: body.parent.id, origin: body.parent.origin } : { bodyId: body.id, origin: o };

  yield* array(
    'posts',
    false,
    (async function* () {
      for await (const rows of pages((after) =>
        db
          .selectFrom('seats')
          .select(['id', 'number', 'label'])
          .where('body_id', '=', body.id)
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute(),
      )) {
        yield rows.map((s) => ({
          id: `${o}/seat/${s.number}`,
          label: s.label ?? `Seat ${s.number}`,
          role: 'member',
          organization_id: o,
        }));
      }
    })(),
  );

  yield* array(
    'persons',
    false,
    (async function* () {
      for await (const rows of pages((after) =>
        db
          .selectFrom('people')
          .select(['id', 'name_en', 'name_ru'])
          .where('body_id', '=', people.bodyId)
          .$if(body.parent !== null, (q) =>
            q.where(
              'id',
              'in',
              db
                .selectFrom('memberships as c')
                .innerJoin('memberships as p', 'p.id', 'c.parent_membership_id')
                .select('p.person_id')
                .where('c.body_id', '=', body.id)
                .where('p.person_id', 'is not', null)
                .$narrowType<{ person_id: number }>(),
            ),
          )
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute(),
      )) {
        yield rows.map((p) => ({
          id: `${people.origin}/person/${p.id}`,
          ...named({ en: p.name_en, ru: p.name_ru }, lang),
        }));
      }
    })(),
  );

  yield* array(
    'memberships',
    false,
    (async function* () {
      for await (const rows of pages((after) =>
        db
          .selectFrom('memberships')
          .innerJoin('seats', 'seats.id', 'memberships.seat_id')
          .leftJoin('memberships as parent', 'parent.id', 'memberships.parent_membership_id')
          .select([
            'memberships.id',
            'parent.person_id as parent_person_id',
            'memberships.person_id',
            'memberships.starts_on',
            'memberships.ends_on',
            'seats.number',
          ])
          .where('memberships.body_id', '=', body.id)
          .where('memberships.id', '>', after)
          .orderBy('memberships.id')
          .limit(PAGE)
          .execute(),
      )) {
        yield rows.map((m) => ({
          id: `${o}/membership/${m.id}`,
          organization_id: o,
          post_id: `${o}/seat/${m.number}`,
          role: 'member',
          ...((body.parent ? m.parent_person_id : m.person_id) == null
            ? { label: 'holder not named in the record' }
            : { person_id: `${people.origin}/person/${body.parent ? m.parent_person_id : m.person_id}` }),
          start_date: m.starts_on,
          end_date: m.ends_on,
        }));
      }
      yield* factionMemberships(db, body);
    })(),
  );

  yield* array(
    'events',
    false,
    (async function* () {
      for await (const rows of pages((after) =>
        db
          .selectFrom('sittings')
          .select(['id', 'title', 'date', 'starts_at', 'place', 'status', 'historical', 'created_at'])
          .where('body_id', '=', body.id)
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute(),
      )) {
        const ids = rows.map((s) => s.id);
        // Not Popolo classes (issue 16): the agenda in order — a closed item whose title is withheld
        // has no name, only its number — and each notice with its time and verdict.
        const items =
          ids.length === 0
            ? []
            : await db
                .selectFrom('agenda_items')
                .select([
                  'id',
                  'sitting_id',
                  'position',
                  'title',
                  'closed',
                  'withdrawn_reason',
                  sql<number>`case when closed_title is null then 0 else 1 end`.as('withheld'),
                ])
                .where('body_id', '=', body.id)
                .where('sitting_id', 'in', ids)
                .orderBy('sitting_id')
                .orderBy('position')
                .execute();
        const notices =
          ids.length === 0
            ? []
            : await db
                .selectFrom('sitting_notices')
                .select(['sitting_id', 'published_at', 'sitting_date', 'in_time', 'second_convocation_warning'])
                .where('body_id', '=', body.id)
                .where('sitting_id', 'in', ids)
                .orderBy('id')
                .execute();
        yield rows.map((s) => ({
          id: `${o}/sitting/${s.id}`,
          agenda: items
            .filter((i) => i.sitting_id === s.id)
            .map((i) => ({
              id: `${o}/agenda_item/${i.id}`,
              position: i.position,
              name: Number(i.withheld) === 1 ? null : i.title,
              closed: i.closed === 1,
              withdrawn: i.withdrawn_reason !== null,
            })),
          notices: notices
            .filter((n) => n.sitting_id === s.id)
            .map((n) => ({
              published_at: isoSeconds(n.published_at),
              for_date: n.sitting_date,
              in_time: n.in_time === null ? null : n.in_time === 1,
              second_convocation_warning: n.second_convocation_warning === 1,
            })),
          name: s.title,
          classification: 'sitting',
          organization_id: o,
          start_date: s.starts_at ? isoSeconds(s.starts_at) : s.date,
          location: s.place,
          status: s.status,
          created_at: isoSeconds(s.created_at),
          sources: [{ url: `${options.publicOrigin}/${encodeURIComponent(body.slug)}/sittings/${s.id}` }],
        }));
      }
    })(),
  );

  yield* array(
    'motions',
    false,
    (async function* () {
      for await (const rows of pages((after) =>
        db
          .selectFrom('motions')
          .select(['id', 'sitting_id', 'kind', 'title', 'text', 'status', 'created_at'])
          .where('body_id', '=', body.id)
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute(),
      )) {
        yield rows.map((m) => ({
          id: `${o}/motion/${m.id}`,
          organization_id: o,
          legislative_session_id: m.sitting_id === null ? null : `${o}/sitting/${m.sitting_id}`,
          identifier: m.title,
          text: m.text || m.title,
          classification: m.kind,
          result: m.status === 'pending' ? null : m.status === 'adopted' ? 'pass' : 'fail',
          created_at: isoSeconds(m.created_at),
        }));
      }
    })(),
  );

  const hasFactions =
    (await db.selectFrom('factions').select('id').where('body_id', '=', body.id).limit(1).execute()).length > 0;
  yield* array(
    'vote_events',
    false,
    (async function* () {
      for await (const votes of pages(
        (after) =>
          db
            .selectFrom('votes')
            .leftJoin('decisions', 'decisions.vote_id', 'votes.id')
            .select([
              'votes.id',
              'votes.sitting_id',
              'votes.motion_id',
              'votes.method',
              'votes.majority_name',
              'votes.yes',
              'votes.no',
              'votes.abstain',
              'votes.blank',
              'votes.invalid',
              'votes.adopted',
              'votes.opened_at',
              'votes.closed_at',
              'decisions.register_number',
              'decisions.id as decision_id',
              'decisions.adopted_on',
            ])
            .where('votes.body_id', '=', body.id)
            .where('votes.status', '=', 'closed')
            .where('votes.id', '>', after)
            .orderBy('votes.id')
            .limit(VOTE_PAGE)
            .execute(),
        VOTE_PAGE,
      )) {
        const namedIds = votes.filter((v) => NAMED_METHODS.includes(v.method)).map((v) => v.id);
        const ballots =
          namedIds.length === 0
            ? []
            : await db
                .selectFrom('ballots')
                .innerJoin('memberships', 'memberships.id', 'ballots.membership_id')
                .innerJoin('seats', 'seats.id', 'memberships.seat_id')
                .leftJoin('memberships as parent', 'parent.id', 'memberships.parent_membership_id')
                .select([
                  'parent.person_id as parent_person_id',
                  'ballots.vote_id',
                  'ballots.membership_id',
                  'ballots.choice',
                  'memberships.person_id',
                  'seats.number',
                ])
                .where('ballots.body_id', '=', body.id)
                .where('ballots.vote_id', 'in', namedIds)
                .orderBy('ballots.vote_id')
                .orderBy('seats.number')
                .execute();
        // Present and entitled at the opening, yet no ballot: "not voting" (Popolo's own option).
        const silent =
          namedIds.length === 0
            ? []
            : await db
                .selectFrom('vote_presence')
                .innerJoin('memberships', 'memberships.id', 'vote_presence.membership_id')
                .innerJoin('seats', 'seats.id', 'memberships.seat_id')
                .leftJoin('memberships as parent', 'parent.id', 'memberships.parent_membership_id')
                .select([
                  'parent.person_id as parent_person_id',
                  'vote_presence.vote_id',
                  'vote_presence.membership_id',
                  'memberships.person_id',
                  'seats.number',
                ])
                .where('vote_presence.body_id', '=', body.id)
                .where('vote_presence.vote_id', 'in', namedIds)
                .where('vote_presence.recused', '=', 0)
                .where(({ not, exists, selectFrom }) =>
                  not(
                    exists(
                      selectFrom('ballots')
                        .select(sql`1`.as('one'))
                        .whereRef('ballots.body_id', '=', 'vote_presence.body_id')
                        .whereRef('ballots.vote_id', '=', 'vote_presence.vote_id')
                        .whereRef('ballots.membership_id', '=', 'vote_presence.membership_id'),
                    ),
                  ),
                )
                .execute();
        const byVote = new Map<number, Array<Record<string, unknown>>>();
        const voter = (r: {
          membership_id: number;
          person_id: number | null;
          parent_person_id: number | null;
          number: number;
        }) => {
          // In a committee, the person is the parent's (see persons above).
          const person = body.parent ? r.parent_person_id : r.person_id;
          return person === null
            ? {
                voter_id: null,
                voter: { id: `${o}/membership/${r.membership_id}`, post_id: `${o}/seat/${r.number}`, name: null },
              }
            : { voter_id: `${people.origin}/person/${person}` };
        };
        for (const b of ballots) {
          const list = byVote.get(b.vote_id) ?? [];
          list.push({ ...voter(b), option: b.choice });
          byVote.set(b.vote_id, list);
        }
        for (const s of silent) {
          const list = byVote.get(s.vote_id) ?? [];
          list.push({ ...voter(s), option: 'not voting' });
          byVote.set(s.vote_id, list);
        }
        // How each faction voted, as Popolo counts with a group_id (members in no faction are not a
        // group: their ballots are in the totals and in `votes`).
        const byFaction = new Map<number, Array<{ option: string; value: number; group_id: string }>>();
        if (hasFactions)
          for (const id of namedIds) {
            const rows = (await voteFactionTable(db, body.id, id)) ?? [];
            byFaction.set(
              id,
              rows.flatMap((r) =>
                r.faction === null
                  ? []
                  : (
                      [
                        ['yes', r.yes],
                        ['no', r.no],
                        ['abstain', r.abstain],
                        ['not voting', r.notVoting],
                        ['absent', r.absent],
                      ] as const
                    ).map(([option, value]) => ({ option, value, group_id: `${o}/faction/${r.faction!.id}` })),
              ),
            );
          }
        // A decision's later life (issue 17): an extension field, since Popolo has no class for it.
        const lives = await decisionLives(
          db,
          { id: body.id, time_zone: body.timeZone },
          votes.flatMap((v) => (v.decision_id === null ? [] : [v.decision_id])),
        );
        const decisionOf = (v: (typeof votes)[number]) => {
          const life = v.decision_id === null ? undefined : lives.get(v.decision_id);
          if (!life || v.decision_id === null) return {};
          return {
            'quorate:decision': {
              id: v.decision_id,
              register_number: v.register_number,
              adopted_on: v.adopted_on,
              status: life.status,
              status_since: life.statusSince,
              amended_by: life.amendedBy.map((d) => d.id),
              repealed_by: life.repealedBy?.id ?? null,
              amends: life.amends.map((d) => d.id),
              repeals: life.repeals.map((d) => d.id),
              events: life.events.map((e) => ({
                type: e.type,
                date: e.on,
                by: e.by ?? null,
                source: e.source ?? null,
                ...(e.decision ? { decision: e.decision } : {}),
                ...(e.vote ? { vote: e.vote } : {}),
              })),
              url: `${options.publicOrigin}/${encodeURIComponent(body.slug)}/decisions/${v.decision_id}`,
            },
          };
        };
        yield votes.map((v) => {
          const counts: Array<{ option: string; value: number; group_id?: string }> = [
            { option: 'yes', value: v.yes ?? 0 },
            { option: 'no', value: v.no ?? 0 },
            { option: 'abstain', value: v.abstain ?? 0 },
          ];
          if (v.blank !== null) counts.push({ option: 'blank', value: v.blank });
          if (v.invalid !== null) counts.push({ option: 'invalid', value: v.invalid });
          counts.push(...(byFaction.get(v.id) ?? []));
          return {
            id: `${o}/vote/${v.id}`,
            organization_id: o,
            legislative_session_id: `${o}/sitting/${v.sitting_id}`,
            motion_id: `${o}/motion/${v.motion_id}`,
            identifier: v.register_number,
            classification: v.method,
            start_date: v.opened_at ? isoSeconds(v.opened_at) : null,
            end_date: v.closed_at ? isoSeconds(v.closed_at) : null,
            result: v.adopted === 1 ? 'pass' : 'fail',
            counts,
            ...(byVote.has(v.id) || namedIds.includes(v.id) ? { votes: byVote.get(v.id) ?? [] } : {}),
            sources: [{ url: `${options.publicOrigin}/${encodeURIComponent(body.slug)}/votes/${v.id}` }],
            ...decisionOf(v),
          };
        });
      }
    })(),
  );

  // Papers (issue 16): not a Popolo class. Shaped after OParl's Paper and File — each version a
  // file with its address, type, size and both hashes; a withheld one has no address.
  yield* array(
    'papers',
    false,
    (async function* () {
      for await (const rows of pages((after) =>
        db
          .selectFrom('papers')
          .select('id')
          .where('body_id', '=', body.id)
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute(),
      )) {
        const papers = await listPapers(
          db,
          body.id,
          null,
          rows.map((r) => r.id),
        );
        yield papers.map((p) => ({
          id: `${o}/paper/${p.id}`,
          name: p.title.ru ?? p.title.en ?? null,
          other_names: Object.entries(p.title).map(([lang, name]) => ({ name, note: lang })),
          classification: p.kind,
          legislative_session_id: `${o}/sitting/${p.sittingId}`,
          agenda_item: p.agendaItemId,
          motion_id: p.motionId === null ? null : `${o}/motion/${p.motionId}`,
          files: p.versions
            .slice()
            .reverse()
            .map((v) => ({
              version: v.version,
              ...(v.withheld
                ? { withheld: true }
                : { url: `${options.publicOrigin}/${encodeURIComponent(body.slug)}/papers/${p.id}/v/${v.version}` }),
              media_type: v.mediaType,
              size: v.size,
              sha256: v.sha256,
              sha512: v.sha512,
              created_at: isoSeconds(v.uploadedAt),
            })),
        }));
      }
    })(),
  );
  yield '}';
}
