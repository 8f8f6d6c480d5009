// Builds the demo body from the reference story through the ordinary services, facts only:
// 20 filled seats (6 named: the 4 of the main report and 2 more named by later reports; 14 holders
// not named), a headcount of 10 naming the four known members, the 7–0–3 show of hands with the
// five supporters later reports name (a report, not a roll call), and the head of the council's
// dispute of the sitting.
import { addRecordText } from '../record-texts.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../service-context.ts';
import { createBody, fillSeat } from '../bodies.ts';
import { createUser, grantRole, linkMemberAccount, loadActor } from '../accounts.ts';
import { markAttendance, recordHeadcount, scheduleSitting, setSittingStatus } from '../sittings.ts';
import { tableMotion } from '../motions.ts';
import { closeVote, openVote } from '../votes.ts';
import { recordDispute } from '../disputes.ts';
import { recordVoteReport } from '../vote-reports.ts';
import { addDemoAppeals } from './demo-appeals.ts';
import type { Actor } from '../policy.ts';

export const DEMO_SLUG = 'smolninskoye';

interface Story {
  body: { name_en: string; name_ru: string; jurisdiction: string; established_seats: number; filled_seats: number };
  members_named_in_report: Array<{ name_en: string; name_ru: string }>;
  sitting: {
    date: string;
    present: number;
    absent: number;
    present_note: string;
    disputed: { by: string; claim: string; source: string };
  };
  motion: { title_en: string; grounds_reported: string[] };
  vote: { yes: number; no: number; abstain: number };
  later_reports: {
    /** The appeal's own Russian words, as outlets quoted them. */
    appeal_text_ru_quotes: Array<{ quote: string; what: string; source: string }>;
    reported_supporters: {
      names: Array<{ name_en: string; name_ru: string }>;
      claim: string;
      sources: string;
    };
  };
}

export function loadStory(): Story {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'smolninskoye-2022.json'), 'utf8')) as Story;
}

export interface DemoAccount {
  role: 'clerk' | 'chair' | 'member';
  username: string;
  password: string;
}

export async function demoExists(ctx: ServiceContext): Promise<boolean> {
  return Boolean(
    await ctx.dialect.db.selectFrom('bodies').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirst(),
  );
}

function password(ctx: ServiceContext): string {
  return Buffer.from(ctx.randomBytes(12)).toString('base64url');
}

/** Creates the demo body and its accounts; returns the accounts to print. */
export async function createDemo(
  ctx: ServiceContext,
): Promise<{ slug: string; accounts: DemoAccount[]; siteAdmin: { username: string; password: string } }> {
  const story = loadStory();
  const suffix = Buffer.from(ctx.randomBytes(3)).toString('hex');
  const accounts: DemoAccount[] = (['clerk', 'chair', 'member'] as const).map((role) => ({
    role,
    username: `demo-${role}-${suffix}`,
    password: password(ctx),
  }));
  // The site administrator's login is returned and printed too (issue 15): without it nobody could
  // create a body or staff one in the browser on a demo site.
  const siteAdmin = { username: `demo-admin-${suffix}`, password: password(ctx) };
  const admin = await createUser(
    ctx,
    null,
    { ...siteAdmin, displayName: 'Demo administrator', siteAdmin: true },
    { bootstrap: true },
  );
  const adminActor = (await loadActor(ctx.dialect.db, admin.id))!;

  await createBody(ctx, adminActor, {
    slug: DEMO_SLUG,
    names: { ru: story.body.name_ru, en: story.body.name_en },
    jurisdiction: story.body.jurisdiction,
    establishedSeats: story.body.established_seats,
    rules: 'ru-131fz',
    languages: ['ru', 'en'],
    timeZone: 'Europe/Moscow',
  });
  for (const a of accounts) {
    await createUser(ctx, adminActor, { username: a.username, displayName: `Demo ${a.role}`, password: a.password });
    await grantRole(ctx, adminActor, DEMO_SLUG, { username: a.username, role: a.role });
  }
  await grantRole(ctx, adminActor, DEMO_SLUG, { username: `demo-admin-${suffix}`, role: 'admin' });
  const roster = (await loadActor(ctx.dialect.db, admin.id))!;

  const named: number[] = [];
  for (const [i, m] of story.members_named_in_report.entries()) {
    named.push(
      (await fillSeat(ctx, roster, DEMO_SLUG, { seatNumber: i + 1, person: { nameEn: m.name_en, nameRu: m.name_ru } }))
        .membershipId,
    );
  }
  // Later reports name two more members among the five reported supporters: seats of their own.
  const supporters = story.later_reports.reported_supporters;
  const alsoNamed = supporters.names.filter((n) => !story.members_named_in_report.some((m) => m.name_en === n.name_en));
  for (const m of alsoNamed)
    named.push(
      (
        await fillSeat(ctx, roster, DEMO_SLUG, {
          seatNumber: named.length + 1,
          person: { nameEn: m.name_en, nameRu: m.name_ru },
        })
      ).membershipId,
    );
  const byName = new Map(
    [...story.members_named_in_report, ...alsoNamed].map((m, i) => [m.name_en, named[i]!] as const),
  );
  // The other seats are filled (the report mentions no vacancy) by holders it does not name.
  for (let seat = named.length + 1; seat <= story.body.filled_seats; seat++)
    await fillSeat(ctx, roster, DEMO_SLUG, { seatNumber: seat, person: null });
  const memberAccount = accounts.find((a) => a.role === 'member')!;
  await linkMemberAccount(ctx, roster, DEMO_SLUG, { memberId: named[0]!, username: memberAccount.username });

  const clerkUser = await ctx.dialect.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', accounts[0]!.username)
    .executeTakeFirstOrThrow();
  const clerk: Actor = (await loadActor(ctx.dialect.db, clerkUser.id))!;
  const s = story.sitting;
  const sitting = await scheduleSitting(ctx, clerk, DEMO_SLUG, {
    title: 'Sitting of 7 September 2022',
    date: s.date,
    place: '1 Odesskaya Street',
    historical: true,
    attendanceMode: 'headcount',
    lang: 'en',
  });
  // The clerk's own title of the sitting in Russian: a label, not a fact from a source.
  await addRecordText(ctx, clerk, DEMO_SLUG, {
    target: { type: 'sitting', id: sitting.id },
    field: 'title',
    lang: 'ru',
    text: 'Заседание 7 сентября 2022 года',
  });
  await setSittingStatus(ctx, clerk, DEMO_SLUG, sitting.id, 'open');
  // Attendance names only the four of the main report; the later reports are reports, below.
  for (const id of named.slice(0, story.members_named_in_report.length))
    await markAttendance(ctx, clerk, DEMO_SLUG, sitting.id, { memberId: id, status: 'present' });
  await recordHeadcount(ctx, clerk, DEMO_SLUG, sitting.id, {
    present: s.present,
    absent: s.absent,
    note: s.present_note,
  });
  const motion = await tableMotion(ctx, clerk, DEMO_SLUG, {
    sittingId: sitting.id,
    kind: 'appeal',
    title: story.motion.title_en,
    text: `${story.motion.title_en}.\n\nGrounds reported:\n${story.motion.grounds_reported.map((g) => `- ${g}`).join('\n')}`,
    lang: 'en',
  });
  // The appeal's Russian words, exactly as the named outlets quoted them; no Russian title is
  // known, so the Russian page says the title is in English only.
  for (const q of story.later_reports.appeal_text_ru_quotes)
    await addRecordText(ctx, clerk, DEMO_SLUG, {
      target: { type: 'motion', id: motion.id },
      field: 'text',
      lang: 'ru',
      text: q.quote,
      source: q.source,
      note: q.what,
    });
  const vote = await openVote(ctx, clerk, DEMO_SLUG, { motionId: motion.id, method: 'show_of_hands' });
  await closeVote(ctx, clerk, DEMO_SLUG, vote.id, {
    totals: { yes: story.vote.yes, no: story.vote.no, abstain: story.vote.abstain },
    registerNumber: null,
  });
  // Five supporters reported by named outlets: a report beside the show of hands, not a roll call.
  await recordVoteReport(ctx, clerk, DEMO_SLUG, vote.id, {
    claim: supporters.claim,
    source: supporters.sources,
    reportedOn: '2022-09',
    positions: supporters.names.map((n) => ({ memberId: byName.get(n.name_en)!, choice: 'yes' })),
  });
  await setSittingStatus(ctx, clerk, DEMO_SLUG, sitting.id, 'closed');
  await recordDispute(ctx, clerk, DEMO_SLUG, {
    targetType: 'sitting',
    targetId: sitting.id,
    claimant: s.disputed.by,
    claim: s.disputed.claim,
    source: s.disputed.source,
    occurredOn: '2022-09',
  });
  await addDemoAppeals(ctx, clerk, DEMO_SLUG);
  return { slug: DEMO_SLUG, accounts, siteAdmin };
}
