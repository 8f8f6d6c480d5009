// Migrations in code, one list for both dialects; column types that differ come from the dialect.
import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import { councilRecord } from './migrations/001-council-record.ts';
import { recordLog } from './migrations/002-record-log.ts';
import { searchIndex } from './migrations/003-search-index.ts';
import { witnesses } from './migrations/010-witnesses.ts';
import { appeals } from './migrations/020-appeals.ts';
import { ballotAccountsRegisterNumbers } from './migrations/031-ballot-accounts-register-numbers.ts';
import { witnessAllowList } from './migrations/032-witness-allow-list.ts';
import { tokenScope } from './migrations/033-token-scope.ts';
import { entriesBySitting } from './migrations/034-entries-by-sitting.ts';
import { procedureActs } from './migrations/035-procedure-acts.ts';
import { appealReplyDates } from './migrations/036-appeal-reply-dates.ts';
import { signInLimits } from './migrations/037-sign-in-limits.ts';
import { clerksOffice } from './migrations/038-clerks-office.ts';
import { voteReports } from './migrations/045-vote-reports.ts';
import { memberInvitations } from './migrations/046-member-invitations.ts';
import { committees } from './migrations/048-committees.ts';
import { factions } from './migrations/047-factions.ts';
import { passwordResets } from './migrations/049-password-resets.ts';
import { closedItems } from './migrations/060-closed-items.ts';
import { sittingCalendar } from './migrations/050-sitting-calendar.ts';
import { recordTexts } from './migrations/052-record-texts.ts';
import { minutes } from './migrations/056-minutes.ts';
import { papers } from './migrations/051-papers.ts';
import { agendaBuilder } from './migrations/054-agenda-builder.ts';
import { officerInvitations } from './migrations/055-officer-invitations.ts';
import { jobLeases } from './migrations/059-jobs.ts';
import { elections } from './migrations/058-elections.ts';
import { decisionEvents } from './migrations/057-decision-events.ts';
import type { QuorateDialect } from './dialects/quorate-dialect.ts';

function migrations(d: QuorateDialect): Record<string, Migration> {
  // Names sort in the order they apply; never rename or edit one that has shipped.
  return {
    '2026_11_29_001_council_record': councilRecord(d),
    '2026_11_29_002_record_log': recordLog(d),
    '2026_11_29_003_search_index': searchIndex(d),
    '2026_11_29_010_witnesses': witnesses(d),
    '2026_11_29_020_appeals': appeals(d),
    '2026_12_01_031_ballot_accounts_register_numbers': ballotAccountsRegisterNumbers(d),
    '2026_12_01_032_witness_allow_list': witnessAllowList(),
    '2026_12_01_033_token_scope': tokenScope(d),
    '2026_12_01_034_entries_by_sitting': entriesBySitting(d),
    '2026_12_01_035_procedure_acts': procedureActs(d),
    '2026_12_01_036_appeal_reply_dates': appealReplyDates(d),
    '2026_12_01_037_sign_in_limits': signInLimits(d),
    '2026_12_01_038_clerks_office': clerksOffice(d),
    '2026_12_01_045_vote_reports': voteReports(d),
    '2026_12_01_046_member_invitations': memberInvitations(d),
    '2026_12_01_048_committees': committees(),
    '2026_12_01_047_factions': factions(d),
    '2026_12_01_049_password_resets': passwordResets(d),
    '2026_12_01_050_sitting_calendar': sittingCalendar(d),
    '2026_12_01_052_record_texts': recordTexts(d),
    '2026_12_01_051_papers': papers(d),
    '2026_12_01_054_agenda_builder': agendaBuilder(),
    '2026_12_01_055_officer_invitations': officerInvitations(d),
    '2026_12_01_059_jobs': jobLeases(),
    '2026_12_01_060_closed_items': closedItems(),
    '2026_12_01_056_minutes': minutes(d),
    '2026_12_01_058_elections': elections(d),
    '2026_12_01_057_decision_events': decisionEvents(d),
  };
}

function migrator(d: QuorateDialect): Migrator {
  return new Migrator({ db: d.db, provider: { getMigrations: async () => migrations(d) } });
}

/** The migrations this code knows that the database has not applied yet (/readyz: none). */
export async function pendingMigrations(d: QuorateDialect): Promise<string[]> {
  return (await migrator(d).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Brings the schema up to the named migration and no further: a database as an older release
 * left it (the tests of /readyz, and of upgrades).
 */
export async function migrateTo(d: QuorateDialect, name: string): Promise<void> {
  const result = await migrator(d).migrateTo(name);
  if (result.error) throw result.error;
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(d: QuorateDialect): Promise<string[]> {
  const result: MigrationResultSet = await migrator(d).migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
