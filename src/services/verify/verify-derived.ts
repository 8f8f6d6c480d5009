// With the database in hand, `quorate verify` also checks that every derived row (votes, ballots,
// turnout, decisions, attendance, terms, factions, the body's rules) says what the entries say. A row edited
// directly — a changed ballot, outcome or rule — is named by the entry it contradicts.
import type { QuorateDialect } from '../../db/dialects/quorate-dialect.ts';
import type { ReplayState } from '../../domain/replay/replay-record.ts';
import type { Problem } from './verify-log.ts';
import { readEntries } from '../../db/repositories/log-repository.ts';
import { decodeEntry } from '../../domain/entries/record-entry.ts';
import { sha256Hex } from '../service-context.ts';

function same(a: unknown, b: unknown): boolean {
  const norm = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(norm)
      : x && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, norm((x as Record<string, unknown>)[k])]),
          )
        : x;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

export async function verifyDerivedRows(
  dialect: QuorateDialect,
  bodyId: number,
  state: ReplayState,
): Promise<Problem | null> {
  const db = dialect.db;
  const problems: Problem[] = [];
  const bad = (index: number | null, code: string, message: string) => problems.push({ index, code, message });

  const body = await db.selectFrom('bodies').select('rules').where('id', '=', bodyId).executeTakeFirstOrThrow();
  // The stored text is compared with the log as it is, not through parseJsonColumn: verifying must
  // not trust the schema the server reads the column with.
  if (!same(JSON.parse(body.rules), state.rules))
    bad(state.rulesEntry, 'rules_row_mismatch', `the body's stored rules differ from entry ${state.rulesEntry}`);

  const votes = await db.selectFrom('votes').selectAll().where('body_id', '=', bodyId).execute();
  if (votes.length !== state.votes.size)
    bad(null, 'vote_rows_mismatch', `${votes.length} vote rows, ${state.votes.size} votes in the log`);
  for (const row of votes) {
    const v = state.votes.get(row.id);
    if (!v) {
      bad(null, 'vote_row_unlogged', `vote row ${row.id} has no vote.opened entry`);
      continue;
    }
    if (row.status !== v.status || row.present !== v.present || row.method !== v.method || row.motion_id !== v.motion) {
      bad(v.openEntry, 'vote_row_mismatch', `vote ${row.id}'s row differs from entry ${v.openEntry}`);
    }
    if (v.status === 'closed') {
      const outcome = row.outcome ? (JSON.parse(row.outcome) as Record<string, unknown>) : null;
      const rowCounts = { yes: row.yes, no: row.no, abstain: row.abstain };
      const logCounts = { yes: v.counts!.yes, no: v.counts!.no, abstain: v.counts!.abstain };
      if (
        !same(rowCounts, logCounts) ||
        row.adopted !== (v.outcome!.adopted ? 1 : 0) ||
        row.quorate !== (v.outcome!.quorate ? 1 : 0) ||
        !outcome ||
        outcome.adopted !== v.outcome!.adopted ||
        outcome.requiredYes !== v.outcome!.requiredYes ||
        row.close_entry !== v.closeEntry
      ) {
        bad(
          v.closeEntry!,
          'outcome_row_mismatch',
          `vote ${row.id}'s stored totals or outcome differ from its close entry ${v.closeEntry}`,
        );
      }
    }
    const ballots = await db
      .selectFrom('ballots')
      .selectAll()
      .where('body_id', '=', bodyId)
      .where('vote_id', '=', row.id)
      .execute();
    if (ballots.length !== v.ballots.size)
      bad(
        v.closeEntry ?? v.openEntry,
        'ballot_rows_mismatch',
        `vote ${row.id} has ${ballots.length} ballot rows, the log ${v.ballots.size}`,
      );
    for (const b of ballots) {
      const logged = v.ballots.get(b.membership_id);
      if (!logged) {
        bad(
          v.openEntry,
          'ballot_row_unlogged',
          `a ballot row of member ${b.membership_id} in vote ${row.id} has no entry`,
        );
        continue;
      }
      const commitmentOk = logged.commitment === undefined ? b.commitment === '' : b.commitment === logged.commitment;
      const choiceOk = logged.choice === undefined || logged.choice === b.choice;
      const saltOk = logged.salt === undefined || logged.salt === b.salt;
      if (!commitmentOk || !choiceOk || !saltOk || b.entry_index !== logged.entry) {
        bad(
          logged.entry,
          'ballot_row_mismatch',
          `member ${b.membership_id}'s ballot row in vote ${row.id} differs from entry ${logged.entry}`,
        );
      }
    }
    const turnout = await db
      .selectFrom('vote_turnout')
      .select('membership_id')
      .where('body_id', '=', bodyId)
      .where('vote_id', '=', row.id)
      .execute();
    if (
      !same(
        turnout.map((t) => t.membership_id).sort((a, b) => a - b),
        [...v.turnout].sort((a, b) => a - b),
      )
    ) {
      bad(
        v.closeEntry ?? v.openEntry,
        'turnout_rows_mismatch',
        `vote ${row.id}'s turnout rows differ from its entries`,
      );
    }
  }

  const decisions = await db.selectFrom('decisions').selectAll().where('body_id', '=', bodyId).execute();
  if (decisions.length !== state.decisions.size)
    bad(null, 'decision_rows_mismatch', `${decisions.length} decision rows, ${state.decisions.size} in the log`);
  for (const row of decisions) {
    const d = state.decisions.get(row.id);
    if (
      !d ||
      d.vote !== row.vote_id ||
      d.registerNumber !== row.register_number ||
      d.entry !== row.entry_index ||
      d.adoptedOn !== row.adopted_on ||
      d.inForceOnAdoption !== (row.in_force_on_adoption === 1)
    ) {
      bad(d?.entry ?? null, 'decision_row_mismatch', `decision ${row.id}'s row differs from its entry`);
    }
  }

  // Each event in a decision's life (issue 17) says what its entry says.
  const eventRows = await db
    .selectFrom('decision_events')
    .selectAll()
    .where('body_id', '=', bodyId)
    .orderBy('id')
    .execute();
  const logged = [...state.decisions.entries()].flatMap(([decision, d]) =>
    d.events.map((e) => ({ ...e, owner: decision })),
  );
  if (eventRows.length !== logged.length)
    bad(null, 'decision_event_rows_mismatch', `${eventRows.length} decision event rows, ${logged.length} in the log`);
  const byId = new Map(logged.map((e) => [e.id, e]));
  for (const row of eventRows) {
    const e = byId.get(row.id);
    const rowEvent = {
      decision: row.decision_id,
      type: row.type,
      on: row.occurred_on,
      by: row.actor,
      source: row.source,
      reasons: row.reasons,
      vote: row.vote_id,
      place: row.place,
      bulletin: row.bulletin,
      issue: row.issue,
      url: row.url,
      related: row.related_decision_id,
      court: row.court,
      caseNumber: row.case_number,
      entry: row.entry_index,
    };
    const logEvent = e && {
      decision: e.owner,
      type: e.type,
      on: e.on,
      by: e.by ?? null,
      source: e.source ?? null,
      reasons: e.reasons ?? null,
      vote: e.vote ?? null,
      place: e.place ?? null,
      bulletin: e.bulletin ?? null,
      issue: e.issue ?? null,
      url: e.url ?? null,
      related: e.decision ?? null,
      court: e.court ?? null,
      caseNumber: e.caseNumber ?? null,
      entry: e.entry,
    };
    if (!logEvent || !same(rowEvent, logEvent))
      bad(e?.entry ?? null, 'decision_event_row_mismatch', `decision event ${row.id}'s row differs from its entry`);
  }

  const attendance = await db
    .selectFrom('attendance')
    .select(['sitting_id', 'membership_id', 'status', 'entry_index'])
    .where('body_id', '=', bodyId)
    .execute();
  if (attendance.length !== state.attendance.size)
    bad(null, 'attendance_rows_mismatch', `${attendance.length} attendance rows, ${state.attendance.size} in the log`);
  for (const a of attendance) {
    const logged = state.attendance.get(`${a.sitting_id}/${a.membership_id}`);
    if (!logged || logged.status !== a.status || logged.entry !== a.entry_index) {
      bad(
        logged?.entry ?? null,
        'attendance_row_mismatch',
        `attendance of member ${a.membership_id} at sitting ${a.sitting_id} differs from its entry`,
      );
    }
  }
  const terms = await db
    .selectFrom('terms')
    .select(['number', 'starts_on', 'ends_on'])
    .where('body_id', '=', bodyId)
    .orderBy('number')
    .execute();
  if (terms.length !== state.terms.length)
    bad(null, 'term_rows_mismatch', `${terms.length} term rows, ${state.terms.length} terms in the log`);
  for (const row of terms) {
    const logged = state.terms[row.number - 1];
    if (!logged || logged.startsOn !== row.starts_on || logged.endsOn !== row.ends_on)
      bad(logged?.entry ?? null, 'term_row_mismatch', `term ${row.number}'s row differs from its entry`);
  }
  // Roles: every role row follows from an entry (a grant, or a seat link's member role), and every
  // role granted and not revoked has its row. Accounts are compared as the opaque numbers the log holds.
  const roles = await db.selectFrom('body_roles').select(['user_id', 'role']).where('body_id', '=', bodyId).execute();
  const rows = new Set(roles.map((r) => `${r.user_id}/${r.role}`));
  for (const key of rows)
    if (!state.roles.has(key))
      bad(null, 'role_row_unlogged', `account ${key.replace('/', ' holds ')} with no entry granting it`);
  for (const [key, held] of state.roles)
    if (!held.implied && !rows.has(key))
      bad(
        held.entry,
        'role_row_mismatch',
        `entry ${held.entry} grants account ${key.replace('/', ' ')}; no row holds it`,
      );
  const factions = await db
    .selectFrom('factions')
    .select(['id', 'name_en', 'name_ru', 'founded_on', 'dissolved_on', 'entry_index'])
    .where('body_id', '=', bodyId)
    .execute();
  if (factions.length !== state.factions.size)
    bad(null, 'faction_rows_mismatch', `${factions.length} faction rows, ${state.factions.size} factions in the log`);
  for (const row of factions) {
    const logged = state.factions.get(row.id);
    if (
      !logged ||
      logged.entry !== row.entry_index ||
      logged.foundedOn !== row.founded_on ||
      logged.dissolvedOn !== row.dissolved_on ||
      logged.nameEn !== row.name_en ||
      logged.nameRu !== row.name_ru
    )
      bad(logged?.entry ?? null, 'faction_row_mismatch', `faction ${row.id}'s row differs from its entries`);
  }
  // Memberships were inserted one per `faction.member_joined`, in log order.
  const stints = await db
    .selectFrom('faction_members')
    .select(['faction_id', 'membership_id', 'joins_on', 'leaves_on'])
    .where('body_id', '=', bodyId)
    .orderBy('id')
    .execute();
  if (stints.length !== state.factionStints.length)
    bad(
      null,
      'faction_member_rows_mismatch',
      `${stints.length} faction membership rows, ${state.factionStints.length} in the log`,
    );
  stints.forEach((row, i) => {
    const logged = state.factionStints[i];
    if (
      !logged ||
      logged.faction !== row.faction_id ||
      logged.member !== row.membership_id ||
      logged.joinsOn !== row.joins_on ||
      logged.leavesOn !== row.leaves_on
    )
      bad(
        logged?.entry ?? null,
        'faction_member_row_mismatch',
        `member ${row.membership_id}'s membership of faction ${row.faction_id} differs from its entries`,
      );
  });
  await committeeProblems(dialect, bodyId, state, bad);
  await electionProblems(dialect, bodyId, state, bad);
  const papers = await db
    .selectFrom('papers')
    .select(['id', 'sitting_id', 'entry_index'])
    .where('body_id', '=', bodyId)
    .execute();
  if (papers.length !== state.papers.size)
    bad(null, 'paper_rows_mismatch', `${papers.length} paper rows, ${state.papers.size} papers in the log`);
  for (const row of papers) {
    const logged = state.papers.get(row.id);
    if (!logged || logged.sitting !== row.sitting_id || logged.entry !== row.entry_index)
      bad(logged?.entry ?? null, 'paper_row_mismatch', `paper ${row.id}'s row differs from its entry`);
  }
  const versions = await db
    .selectFrom('paper_versions')
    .select(['paper_id', 'version', 'sha256', 'sha512', 'media_type', 'size', 'entry_index'])
    .where('body_id', '=', bodyId)
    .execute();
  const loggedVersions = [...state.papers.values()].reduce((n, p) => n + p.versions.length, 0);
  if (versions.length !== loggedVersions)
    bad(null, 'paper_version_rows_mismatch', `${versions.length} paper version rows, ${loggedVersions} in the log`);
  for (const row of versions) {
    const logged = state.papers.get(row.paper_id)?.versions[row.version - 1];
    if (
      !logged ||
      logged.sha256 !== row.sha256 ||
      logged.sha512 !== row.sha512 ||
      logged.mediaType !== row.media_type ||
      logged.size !== row.size ||
      logged.entry !== row.entry_index
    )
      bad(
        logged?.entry ?? null,
        'paper_version_row_mismatch',
        `version ${row.version} of paper ${row.paper_id} differs from its entry`,
      );
  }
  await minutesProblems(dialect, bodyId, state, bad);
  // Report the earliest named entry first.
  problems.sort((x, y) => (x.index ?? Infinity) - (y.index ?? Infinity));
  return problems[0] ?? null;
}

/**
 * Committees (issue 15, item 5), checked across both logs: a committee's row names the parent its
 * entry 0 names, whose log holds, at the entry named, the `committee.established` that says what
 * this log began with; each committee seat's row names the parent mandate its entry names, and that
 * mandate is the parent's. A parent's committees are the rows that name it, one for each entry.
 */
async function committeeProblems(
  dialect: QuorateDialect,
  bodyId: number,
  state: ReplayState,
  bad: (index: number | null, code: string, message: string) => void,
) {
  const db = dialect.db;
  const body = await db
    .selectFrom('bodies')
    .select(['slug', 'origin', 'names', 'established_seats', 'parent_id'])
    .where('id', '=', bodyId)
    .executeTakeFirstOrThrow();
  if (body.parent_id !== null || state.parent) {
    const parent =
      body.parent_id === null
        ? undefined
        : await db
            .selectFrom('bodies')
            .select(['id', 'slug', 'origin'])
            .where('id', '=', body.parent_id)
            .executeTakeFirst();
    if (!parent || !state.parent || parent.slug !== state.parent.slug || parent.origin !== state.parent.origin) {
      bad(0, 'committee_parent_mismatch', "the committee's stored parent differs from the parent its entry 0 names");
    } else {
      const [row] = await readEntries(db, parent.id, state.parent.entry, 1);
      let ok = false;
      if (row && row.idx === state.parent.entry) {
        try {
          const e = decodeEntry(row.bytes);
          const d = e.data as Record<string, unknown>;
          ok =
            e.type === 'committee.established' &&
            d.slug === body.slug &&
            d.origin === body.origin &&
            d.establishedSeats === body.established_seats &&
            d.preset === (state.rules?.preset ?? null) &&
            same(d.names, JSON.parse(body.names));
        } catch {
          ok = false;
        }
      }
      if (!ok)
        bad(
          0,
          'committee_establishment_mismatch',
          `entry ${state.parent.entry} of ${parent.slug}'s log does not establish this committee as its entry 0 and row say`,
        );
      const seats = await db
        .selectFrom('memberships')
        .select(['id', 'parent_membership_id'])
        .where('body_id', '=', bodyId)
        .execute();
      const parentMandates = new Set(
        (await db.selectFrom('memberships').select('id').where('body_id', '=', parent.id).execute()).map((m) => m.id),
      );
      for (const m of seats) {
        const logged = state.memberships.get(m.id);
        if (
          !logged ||
          logged.parentMember !== m.parent_membership_id ||
          m.parent_membership_id === null ||
          !parentMandates.has(m.parent_membership_id)
        )
          bad(
            logged?.entry ?? null,
            'committee_member_row_mismatch',
            `committee mandate ${m.id} is not filled from the mandate of ${parent.slug} its entry names`,
          );
      }
    }
  }
  const rows = await db
    .selectFrom('bodies')
    .select(['slug', 'origin', 'names', 'established_seats'])
    .where('parent_id', '=', bodyId)
    .execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  for (const [slug, c] of state.committees) {
    const r = bySlug.get(slug);
    if (
      !r ||
      r.origin !== c.origin ||
      r.established_seats !== c.establishedSeats ||
      !same(JSON.parse(r.names), c.names)
    )
      bad(c.entry, 'committee_row_mismatch', `committee "${slug}"'s stored body differs from entry ${c.entry}`);
  }
  for (const r of rows)
    if (!state.committees.has(r.slug))
      bad(
        null,
        'committee_row_unlogged',
        `body "${r.slug}" names this body as its parent, and no entry establishes it`,
      );
}

/**
 * Minutes (issue 17): each row says what its entries say (the draft version, the approval, the
 * signatures), and the stored approved PDF is, byte for byte, the one whose SHA-256 and size the
 * approval entry names (a withheld PDF keeps only its hash, which the entry still names).
 */
async function minutesProblems(
  dialect: QuorateDialect,
  bodyId: number,
  state: ReplayState,
  bad: (index: number | null, code: string, message: string) => void,
) {
  const db = dialect.db;
  const rows = await db.selectFrom('minutes').selectAll().where('body_id', '=', bodyId).execute();
  if (rows.length !== state.minutes.size)
    bad(null, 'minutes_rows_mismatch', `${rows.length} minutes rows, ${state.minutes.size} drafted in the log`);
  for (const row of rows) {
    const m = state.minutes.get(row.sitting_id);
    if (!m) {
      bad(null, 'minutes_row_unlogged', `the minutes of sitting ${row.sitting_id} have no minutes.drafted entry`);
      continue;
    }
    if (row.version !== m.version || row.drafted_entry !== m.entry)
      bad(m.entry, 'minutes_row_mismatch', `the minutes of sitting ${row.sitting_id} differ from their entries`);
    const narratives = await db
      .selectFrom('minutes_narratives')
      .select(['version', 'entry_index', 'agenda_item_id', 'lang', 'text'])
      .where('minutes_id', '=', row.id)
      .orderBy('version')
      .execute();
    if (
      narratives.length !== m.narratives.length ||
      narratives.some((n, i) => {
        const logged = m.narratives[i]!;
        return (
          n.version !== i + 2 ||
          n.entry_index !== logged.entry ||
          n.agenda_item_id !== logged.agendaItem ||
          n.lang !== logged.lang ||
          n.text !== logged.text
        );
      })
    )
      bad(
        m.narratives[0]?.entry ?? m.entry,
        'minutes_narrative_rows_mismatch',
        `the narratives of sitting ${row.sitting_id}'s minutes differ from their entries`,
      );
    const a = m.approved;
    if (
      (a === null) !== (row.approved_entry === null) ||
      (a &&
        (row.approved_entry !== a.entry ||
          row.approved_version !== a.version ||
          row.pdf_sha256 !== a.sha256 ||
          row.pdf_size !== a.size ||
          row.pdf_log_size !== a.logSize))
    ) {
      bad(
        a?.entry ?? m.entry,
        'minutes_row_mismatch',
        `the minutes of sitting ${row.sitting_id} differ from their approval`,
      );
    }
    if (a) {
      const blob = await db
        .selectFrom('blobs')
        .select(['bytes', 'withheld'])
        .where('body_id', '=', bodyId)
        .where('sha256', '=', a.sha256)
        .executeTakeFirst();
      if (!blob) bad(a.entry, 'minutes_pdf_missing', `the approved PDF named by entry ${a.entry} is not stored`);
      else if (blob.withheld !== 1 && blob.bytes !== null) {
        const bytes = new Uint8Array(blob.bytes);
        if (sha256Hex(bytes) !== a.sha256 || bytes.length !== a.size)
          bad(
            a.entry,
            'minutes_pdf_mismatch',
            `the stored approved PDF of sitting ${row.sitting_id} is not the one entry ${a.entry} names`,
          );
      }
    }
    const signatures = await db
      .selectFrom('minutes_signatures')
      .select(['role', 'account_id', 'sha256', 'entry_index'])
      .where('minutes_id', '=', row.id)
      .orderBy('entry_index')
      .execute();
    const logged = m.signatures;
    if (
      signatures.length !== logged.length ||
      signatures.some(
        (s, i) =>
          s.role !== logged[i]!.role ||
          s.account_id !== logged[i]!.account ||
          s.entry_index !== logged[i]!.entry ||
          s.sha256 !== a?.sha256,
      )
    )
      bad(
        logged[0]?.entry ?? a?.entry ?? m.entry,
        'minutes_signature_rows_mismatch',
        `the signatures of sitting ${row.sitting_id}'s minutes differ from their entries`,
      );
  }
}

/**
 * Elections (issue 18): one row per `election.created`, with the status, the elected and the
 * candidates (name, member, consent, withdrawal) the log leads to; one round row per round opened,
 * with its status and counted result.
 */
async function electionProblems(
  dialect: QuorateDialect,
  bodyId: number,
  state: ReplayState,
  bad: (index: number | null, code: string, message: string) => void,
) {
  const db = dialect.db;
  const rows = await db.selectFrom('elections').selectAll().where('body_id', '=', bodyId).execute();
  if (rows.length !== state.elections.size)
    bad(null, 'election_rows_mismatch', `${rows.length} election rows, ${state.elections.size} elections in the log`);
  for (const row of rows) {
    const e = state.elections.get(row.id);
    if (!e) {
      bad(null, 'election_row_unlogged', `election row ${row.id} has no election.created entry`);
      continue;
    }
    const elected = row.elected === null ? null : (JSON.parse(row.elected) as unknown);
    if (row.status !== e.status || row.sitting_id !== e.sitting || !same(elected, e.elected))
      bad(e.entry, 'election_row_mismatch', `election ${row.id}'s row differs from what its entries give`);
    const candidates = await db
      .selectFrom('election_candidates')
      .selectAll()
      .where('election_id', '=', row.id)
      .orderBy('number')
      .execute();
    const fromRows = candidates.map((c) => [c.name, c.membership_id, c.consented === 1, c.withdrawn === 1]);
    const fromLog = e.candidates.map((c) => [c.name, c.member, c.consented, c.withdrawn]);
    if (!same(fromRows, fromLog))
      bad(e.entry, 'candidate_rows_mismatch', `election ${row.id}'s candidate rows differ from its nominations`);
    const rounds = await db
      .selectFrom('election_rounds')
      .select(['number', 'status', 'result'])
      .where('election_id', '=', row.id)
      .orderBy('number')
      .execute();
    const roundsFromRows = rounds.map((r) => [r.number, r.status, r.result === null ? null : JSON.parse(r.result)]);
    const roundsFromLog = e.rounds.map((r) => [r.number, r.status, r.result]);
    if (!same(roundsFromRows, roundsFromLog))
      bad(e.entry, 'round_rows_mismatch', `election ${row.id}'s round rows differ from its rounds in the log`);
  }
}
