// The authorisation matrix, written by hand (not derived from the policy module): every route ×
// every role — anonymous, observer, member, chair, clerk, admin of this body, each of those of
// another body, and a site administrator. A role the table allows must never get 401/403; every
// other role must. A registered route missing from the table fails the test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import {
  anonymous,
  councilWithMembers,
  makeClient,
  sittingWithMotion,
  startHarness,
  type Client,
  type Harness,
} from './support/test-app.ts';
import { buildApp } from '../src/http/app.ts';
import { allowWitness } from '../src/services/log/witness-allow-list.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { addPaper } from '../src/services/papers/papers.ts';

type Who =
  | 'anonymous'
  | 'observer'
  | 'member'
  | 'chair'
  | 'clerk'
  | 'admin'
  | 'siteadmin'
  | 'other-observer'
  | 'other-member'
  | 'other-chair'
  | 'other-clerk'
  | 'other-admin';
const BODY_ROLES = ['observer', 'member', 'chair', 'clerk', 'admin'] as const;
const EVERYONE: Who[] = ['anonymous', ...BODY_ROLES, 'siteadmin', ...BODY_ROLES.map((r) => `other-${r}` as Who)];
const SIGNED_IN = EVERYONE.filter((w) => w !== 'anonymous');

/** Who may: 'public' = everyone; 'any' = everyone, whatever the answer (sign-in forms); else the list. */
type Allowed = 'public' | 'any' | Who[];

// [method, route as registered, who may, payload]
const MATRIX: Array<[string, string, Allowed, unknown?]> = [
  ['GET', '/', 'public'],
  ['GET', '/healthz', 'public'],
  ['GET', '/readyz', 'public'],
  ['GET', '/api/openapi.json', 'public'],
  ['POST', '/api/v1/session', 'any', { username: 'nobody', password: 'wrong password' }],
  ['GET', '/api/v1/session', SIGNED_IN],
  ['DELETE', '/api/v1/session', SIGNED_IN],
  ['POST', '/api/v1/tokens', SIGNED_IN, { name: 'script' }],
  ['GET', '/api/v1/tokens', SIGNED_IN],
  ['DELETE', '/api/v1/tokens/:id', SIGNED_IN],
  [
    'POST',
    '/api/v1/users',
    ['siteadmin'],
    { username: 'new-user-x', displayName: 'New', password: 'a long enough password' },
  ],
  ['POST', '/api/v1/password-resets', ['siteadmin'], { username: '{clerkname}' }],
  ['POST', '/api/v1/password-resets/use', 'any', { token: 'not-a-token', password: 'a long enough password' }],
  ['GET', '/api/v1/bodies', 'public'],
  [
    'POST',
    '/api/v1/bodies',
    ['siteadmin'],
    { slug: 'new-body-x', names: { en: 'New' }, establishedSeats: 5, rules: 'ronr' },
  ],
  ['GET', '/api/v1/bodies/:slug', 'public'],
  // A committee of the body (issue 15, item 5): the body's clerk or administrator.
  [
    'POST',
    '/api/v1/bodies/:slug/committees',
    ['admin', 'clerk'],
    { slug: 'matrix-committee-api', names: { en: 'Committee' }, establishedSeats: 2 },
  ],
  ['PUT', '/api/v1/bodies/:slug/rules', ['admin'], { rules: 'ronr', reason: 'test' }],
  ['POST', '/api/v1/bodies/:slug/rules/adopt-preset', ['admin', 'clerk'], {}],
  ['POST', '/api/v1/bodies/:slug/roles', ['admin', 'siteadmin'], { username: '{clerkname}', role: 'observer' }],
  ['DELETE', '/api/v1/bodies/:slug/roles', ['admin', 'siteadmin'], { username: '{clerkname}', role: 'observer' }],
  ['GET', '/api/v1/bodies/:slug/members', 'public'],
  // Whoever holds a seat's link casts its ballots: never a clerk's or a body admin's act (issue 12).
  ['PUT', '/api/v1/bodies/:slug/members/:id/account', ['siteadmin'], { username: '{membername}' }],
  [
    'POST',
    '/api/v1/bodies/:slug/motions',
    ['clerk', 'chair'],
    { sittingId: '{sitting}', kind: 'ordinary', title: 'T', text: 'x' },
  ],
  ['GET', '/api/v1/bodies/:slug/motions/:id', 'public'],
  ['PUT', '/api/v1/bodies/:slug/seats/:number/holder', ['admin', 'clerk'], { person: { nameEn: 'Someone' } }],
  ['DELETE', '/api/v1/bodies/:slug/seats/:number/holder', ['admin', 'clerk']],
  ['GET', '/api/v1/bodies/:slug/sittings', 'public'],
  ['POST', '/api/v1/bodies/:slug/sittings', ['clerk', 'chair'], { title: 'A sitting', date: '2026-12-01' }],
  ['GET', '/api/v1/bodies/:slug/sittings/:id', 'public'],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/open', ['clerk', 'chair']],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/close', ['clerk', 'chair']],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/lack-of-quorum', ['clerk', 'chair']],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/agenda', ['clerk', 'chair'], { title: 'Item' }],
  // The sittings calendar (issue 16): the matrix's sitting is open, so an allowed role is refused
  // with 409 (not scheduled) and nothing changes.
  ['POST', '/api/v1/bodies/:slug/sittings/:id/reschedule', ['clerk', 'chair'], { date: '2027-01-10', reason: 'r' }],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/cancel', ['clerk', 'chair'], { reason: 'r' }],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/notice', ['clerk', 'chair'], {}],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/agenda/:itemId/move', ['clerk', 'chair'], { to: 1 }],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/agenda/:itemId/split', ['clerk', 'chair'], { title: 'Second part' }],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/agenda/:itemId/withdraw', ['clerk', 'chair'], { reason: 'r' }],
  // Content in the body's languages (issue 16, item 5): a motion's text, by whoever may table motions.
  [
    'POST',
    '/api/v1/bodies/:slug/texts',
    ['clerk', 'chair'],
    { target: { type: 'motion', id: '{motion}' }, field: 'text', lang: 'ru', text: 'Текст' },
  ],
  // Minutes (issue 17): the matrix's sitting is open, so the clerk's draft and narrative are refused
  // with 409 (not closed / not drafted) and a signature with 409 (not drafted); nothing changes.
  ['GET', '/api/v1/bodies/:slug/sittings/:id/minutes', 'public'],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/minutes', ['clerk']],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/minutes/narratives', ['clerk'], { lang: 'en', text: 'Debate.' }],
  [
    'POST',
    '/api/v1/bodies/:slug/sittings/:id/minutes/signatures',
    ['clerk', 'chair'],
    { role: 'chair', sha256: 'a'.repeat(64) },
  ],
  ['PUT', '/api/v1/bodies/:slug/sittings/:id/attendance/:memberId', ['clerk'], { status: 'present' }],
  ['POST', '/api/v1/bodies/:slug/sittings/:id/attest', ['member']],
  ['PUT', '/api/v1/bodies/:slug/sittings/:id/headcount', ['clerk'], { present: 2 }],
  [
    'POST',
    '/api/v1/bodies/:slug/witnesses',
    ['admin'],
    { url: 'http://127.0.0.1:9', vkey: 'w.example/w+01020304+BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  ],
  ['GET', '/api/v1/bodies/:slug/decisions', 'public'],
  // A decision's later life (issue 17): read by anyone, recorded by the clerk (the matrix's decision
  // id is unknown, so the clerk's answer is a 404 after the role check).
  ['GET', '/api/v1/bodies/:slug/decisions/:id', 'public'],
  ['POST', '/api/v1/bodies/:slug/decisions/:id/events', ['clerk'], { type: 'signed', on: '2026-12-01' }],
  [
    'POST',
    '/api/v1/bodies/:slug/disputes',
    ['clerk', 'chair', 'member'],
    { targetType: 'sitting', targetId: '{sitting}', claimant: 'A', claim: 'B' },
  ],
  ['GET', '/api/v1/bodies/:slug/entries/:index', 'public'],
  ['POST', '/api/v1/bodies/:slug/votes', ['clerk', 'chair'], { motionId: '{motion}', method: 'electronic' }],
  ['GET', '/api/v1/bodies/:slug/votes/:id', 'public'],
  ['POST', '/api/v1/bodies/:slug/votes/:id/ballots', ['member'], { choice: 'yes' }],
  ['PUT', '/api/v1/bodies/:slug/votes/:id/roll-call/:memberId', ['clerk'], { choice: 'yes' }],
  ['POST', '/api/v1/bodies/:slug/votes/:id/close', ['clerk', 'chair'], {}],
  [
    'POST',
    '/api/v1/bodies/:slug/votes/:id/reports',
    ['clerk'],
    { claim: 'Reported', source: 'An outlet', positions: [{ memberId: '{member}', choice: 'yes' }] },
  ],
  [
    'POST',
    '/api/v1/bodies/:slug/votes/:id/declared-results',
    ['clerk'],
    { adopted: false, declaredBy: 'Court', reason: 'Recount' },
  ],
  ['GET', '/api/v1/bodies/:slug/authorities', 'public'],
  ['POST', '/api/v1/bodies/:slug/authorities', ['clerk'], { names: { en: 'Parliament' }, rule: 'ru-59fz' }],
  ['GET', '/api/v1/bodies/:slug/appeals', 'public'],
  [
    'POST',
    '/api/v1/bodies/:slug/appeals',
    ['clerk'],
    { title: 'Appeal', authorityId: '{authority}', sender: { kind: 'body' } },
  ],
  ['GET', '/api/v1/bodies/:slug/appeals/attention', ['clerk', 'chair']],
  ['GET', '/api/v1/bodies/:slug/appeals/calendar', 'public'],
  ['PUT', '/api/v1/bodies/:slug/appeals/calendar', ['clerk'], { daysOff: [], workingDays: [] }],
  ['PUT', '/api/v1/bodies/:slug/appeals/transit', ['clerk'], { days: { post: 3 } }],
  ['GET', '/api/v1/bodies/:slug/appeals/:id', 'public'],
  ['POST', '/api/v1/bodies/:slug/appeals/:id/events', ['clerk'], { type: 'sent', on: '2026-11-01' }],
  [
    'POST',
    '/api/v1/bodies/:slug/appeals/:id/attachments',
    ['clerk'],
    {
      name: 'letter.txt',
      mediaType: 'text/plain',
      kind: 'letter',
      contentBase64: Buffer.from('A letter.').toString('base64'),
    },
  ],
  ['GET', '/api/v1/bodies/:slug/appeals/:id/attachments/:sha256', 'public'],
  ['POST', '/api/v1/bodies/:slug/blobs/:sha256/withhold', ['admin', 'clerk'], { reason: 'personal data' }],
  ['GET', '/log/:slug/checkpoint', 'public'],
  ['GET', '/log/:slug/key', 'public'],
  ['GET', '/log/:slug/tile/*', 'public'],
  ['GET', '/log/:slug/proof/inclusion', 'public'],
  ['GET', '/log/:slug/proof/consistency', 'public'],
  ['GET', '/export/:slug/popolo.json', 'public'],
  // OParl 1.1 (issue 19): read-only and public.
  ['GET', '/oparl/v1/system', 'public'],
  ['GET', '/oparl/v1/bodies', 'public'],
  ['GET', '/oparl/v1/body/:slug', 'public'],
  ['GET', '/oparl/v1/body/:slug/:list', 'public'],
  ['GET', '/oparl/v1/body/:slug/:type/:key', 'public'],
  ['GET', '/export/:slug/votes.csv', 'public'],
  ['GET', '/export/:slug/decisions.csv', 'public'],
  ['GET', '/export/:slug/attendance.csv', 'public'],
  ['GET', '/export/:slug/feed.atom', 'public'],
  ['GET', '/export/:slug/sittings.ics', 'public'],
  ['GET', '/export/:slug/sittings/:id/minutes.pdf', 'public'],
  ['GET', '/export/:slug/sittings/:id/minutes-draft.pdf', 'public'],
  ['GET', '/_static/*', 'public'],
  ['GET', '/_static/web/*', 'public'],
  ['GET', '/sign-in', 'public'],
  ['POST', '/sign-in', 'any'],
  ['POST', '/sign-out', SIGNED_IN],
  ['GET', '/:slug', 'public'],
  ['GET', '/:slug/members', 'public'],
  ['GET', '/:slug/members/:id', 'public'],
  ['GET', '/:slug/rules', 'public'],
  ['GET', '/:slug/sittings', 'public'],
  ['GET', '/:slug/sittings/:id', 'public'],
  ['GET', '/:slug/sittings/:id/console', ['clerk', 'chair']],
  ['GET', '/:slug/sittings/:id/console.json', ['clerk', 'chair']],
  ['GET', '/:slug/sittings/:id/ballot', ['member']],
  ['GET', '/:slug/sittings/:id/projector', 'public'],
  ['GET', '/:slug/sittings/:id/live', 'public'],
  ['GET', '/:slug/search', 'public'],
  ['GET', '/:slug/votes/:id', 'public'],
  ['GET', '/:slug/decisions', 'public'],
  ['GET', '/:slug/decisions/:id', 'public'],
  ['GET', '/:slug/appeals', 'public'],
  ['GET', '/:slug/appeals/:id', 'public'],
  ['POST', '/:slug/appeals', ['clerk'], { title: 'Appeal', authorityId: '{authority}' }],
  ['POST', '/:slug/appeals/:id/events', ['clerk'], { type: 'sent', on: '2026-11-02' }],
  ['POST', '/:slug/authorities', ['clerk'], { nameEn: 'Ministry', rule: 'ru-59fz' }],
  // The clerk's office (issue 15). The setup page answers everyone (a set-up site: "link invalid").
  ['GET', '/setup', 'public'],
  ['POST', '/setup', 'any', { token: 'not-a-token', username: 'x', password: 'a long password', confirmation: 'x' }],
  ['GET', '/office', SIGNED_IN],
  ['GET', '/office/bodies/new', ['siteadmin']],
  [
    'POST',
    '/office/bodies',
    ['siteadmin'],
    { slug: 'form-body-x', nameEn: 'Form', timeZone: 'UTC', languages: ['en'], establishedSeats: '5', preset: 'ronr' },
  ],
  ['GET', '/:slug/office', ['admin', 'clerk']],
  ['POST', '/:slug/office/seats', ['admin', 'clerk'], { seat: '3', nameEn: 'Someone' }],
  ['POST', '/:slug/office/vacate', ['admin', 'clerk'], { seat: '99', endsOn: '2026-12', reason: 'resigned' }],
  ['POST', '/:slug/office/terms', ['admin'], { startsOn: '2020-01-01', endsOn: '2020-12-31' }],
  ['POST', '/:slug/office/import', ['admin', 'clerk'], { roster: 'seat,name_en\n99,Nobody' }],
  [
    'POST',
    '/:slug/office/committees',
    ['admin', 'clerk'],
    { slug: 'matrix-committee', nameEn: 'C', establishedSeats: '2' },
  ],
  // Invitations to a seat (issue 15, item 4): the clerk's pages, and the invitee's page for anyone.
  ['GET', '/:slug/office/invitations', ['admin', 'clerk']],
  ['POST', '/:slug/office/invitations', ['admin', 'clerk'], { seat: '1' }],
  ['POST', '/:slug/office/invitations/:id/revoke', ['admin', 'clerk'], {}],
  // The sittings calendar in the office (issue 16); an impossible date keeps the allowed roles' POST from recording.
  ['GET', '/:slug/office/sittings', ['clerk', 'chair']],
  ['POST', '/:slug/office/sittings', ['clerk', 'chair'], { title: 'From the matrix', date: '2027-13-45' }],
  ['POST', '/:slug/office/sittings/:id/reschedule', ['clerk', 'chair'], { date: '2027-01-10', reason: 'r' }],
  ['POST', '/:slug/office/sittings/:id/cancel', ['clerk', 'chair'], { reason: 'r' }],
  ['POST', '/:slug/office/sittings/:id/notice', ['clerk', 'chair'], {}],
  // Factions (issue 15, item 5): public reads; the clerk's and the body administrator's acts.
  ['GET', '/api/v1/bodies/:slug/factions', 'public'],
  ['POST', '/api/v1/bodies/:slug/factions', ['admin', 'clerk'], { nameRu: 'Фракция', foundedOn: '2026-01-01' }],
  [
    'POST',
    '/api/v1/bodies/:slug/factions/:id/members',
    ['admin', 'clerk'],
    { memberId: '{member}', joinsOn: '2026-01-02', leavesOn: '2026-01-02' },
  ],
  [
    'POST',
    '/api/v1/bodies/:slug/factions/:id/leave',
    ['admin', 'clerk'],
    { memberId: '{member}', leavesOn: '2026-01-03' },
  ],
  ['POST', '/api/v1/bodies/:slug/factions/:id/dissolve', ['admin', 'clerk'], { dissolvedOn: '2026-12-31' }],
  // Elections (issue 18). The election starts with nominations not open, and the rows are in the
  // order that keeps every allowed request a 409 (no state it needs yet) until nominations open last.
  ['GET', '/api/v1/bodies/:slug/elections', 'public'],
  ['GET', '/api/v1/bodies/:slug/elections/:id', 'public'],
  ['GET', '/:slug/elections/:id', 'public'],
  // A member's paper (pages): anyone signed in sees the page; casting is the member's (ballot.cast).
  ['GET', '/:slug/elections/:id/ballot', SIGNED_IN],
  ['POST', '/:slug/elections/:id/ballot/review', SIGNED_IN, { p1: '1' }],
  ['POST', '/:slug/elections/:id/ballot', ['member'], { p1: '1' }],
  ['GET', '/api/v1/bodies/:slug/elections/:id/rounds/:round/papers.:format', 'public'],
  ['POST', '/api/v1/bodies/:slug/elections/:id/nominations/:number/consent', ['clerk', 'member'], {}],
  ['POST', '/api/v1/bodies/:slug/elections/:id/nominations/:number/withdraw', ['clerk', 'member'], {}],
  ['POST', '/api/v1/bodies/:slug/elections/:id/ballots', ['member'], { ranking: [1] }],
  ['PUT', '/api/v1/bodies/:slug/elections/:id/roll-call/:memberId', ['clerk', 'chair'], { ranking: [1] }],
  ['POST', '/api/v1/bodies/:slug/elections/:id/papers', ['clerk', 'chair'], { papers: [{ ranking: [1] }] }],
  ['POST', '/api/v1/bodies/:slug/elections/:id/lot', ['clerk', 'chair'], { draw: '1' }],
  ['POST', '/api/v1/bodies/:slug/elections/:id/rounds/close', ['clerk', 'chair'], {}],
  ['POST', '/api/v1/bodies/:slug/elections/:id/rounds', ['clerk', 'chair'], {}],
  ['POST', '/api/v1/bodies/:slug/elections/:id/nominations/close', ['clerk', 'chair'], {}],
  ['POST', '/api/v1/bodies/:slug/elections/:id/nominations', ['clerk', 'member'], { name: 'Someone' }],
  ['POST', '/api/v1/bodies/:slug/elections/:id/nominations/open', ['clerk', 'chair'], {}],
  [
    'POST',
    '/api/v1/bodies/:slug/elections',
    ['clerk', 'chair'],
    {
      sittingId: '{sitting}',
      office: { en: 'Chair' },
      rule: { method: 'plurality', seats: 1, publishBallots: true, source: 'assumption' },
      ballotKind: 'secret_paper',
    },
  ],
  ['GET', '/:slug/factions', 'public'],
  ['GET', '/:slug/office/factions', ['admin', 'clerk']],
  // A decision's later life (issue 17): the clerk's form.
  ['GET', '/:slug/office/decisions/:id', ['clerk']],
  ['POST', '/:slug/office/decisions/:id/events', ['clerk'], { type: 'signed', on: '2026-12-01' }],
  ['POST', '/:slug/office/factions', ['admin', 'clerk'], { nameRu: 'Фракция', foundedOn: '2026-01-01' }],
  ['POST', '/:slug/office/factions/:id/members', ['admin', 'clerk'], { memberId: '1', joinsOn: '2026-01-05' }],
  ['POST', '/:slug/office/factions/:id/leave', ['admin', 'clerk'], { memberId: '1', leavesOn: '2026-01-06' }],
  ['POST', '/:slug/office/factions/:id/dissolve', ['admin', 'clerk'], { dissolvedOn: '2026-12-31' }],
  ['POST', '/:slug/office/sittings/:id/title', ['clerk', 'chair'], { lang: 'ru', text: 'Заседание' }],
  // The agenda builder (issue 16, item 2); item 999999 does not exist, so an allowed role's POST records nothing.
  ['GET', '/:slug/office/sittings/:id/agenda', ['clerk', 'chair']],
  ['GET', '/:slug/office/sittings/:id/minutes', ['clerk', 'chair']],
  ['POST', '/:slug/office/sittings/:id/minutes', ['clerk']],
  ['POST', '/:slug/office/sittings/:id/minutes/narratives', ['clerk'], { lang: 'en', text: 'Debate.' }],
  ['POST', '/:slug/office/sittings/:id/minutes/motion', ['clerk', 'chair'], { sittingId: '1', version: '1' }],
  ['POST', '/:slug/office/sittings/:id/minutes/signatures', ['clerk', 'chair'], { role: 'chair', sha256: 'x' }],
  ['POST', '/:slug/office/sittings/:id/agenda', ['clerk', 'chair'], { title: '' }],
  ['POST', '/:slug/office/sittings/:id/agenda/:item/move', ['clerk', 'chair'], { to: '1' }],
  ['POST', '/:slug/office/sittings/:id/agenda/:item/split', ['clerk', 'chair'], { title: 'Second part' }],
  ['POST', '/:slug/office/sittings/:id/agenda/:item/withdraw', ['clerk', 'chair'], { reason: 'r' }],
  // Papers (issue 16, item 4): the clerk's or chair's upload page and forms; each version's file is public.
  ['GET', '/:slug/office/sittings/:id/papers', ['clerk', 'chair']],
  ['POST', '/:slug/office/sittings/:id/papers', ['clerk', 'chair'], { titleEn: 'Paper', kind: 'report' }],
  ['POST', '/:slug/office/papers/:id/versions', ['clerk', 'chair'], {}],
  ['GET', '/:slug/papers/:id/v/:n', 'public'],
  ['GET', '/invite', 'public'],
  // A body's roles (issue 15, item 4): its administrators and site administrators.
  ['GET', '/:slug/office/roles', ['admin', 'siteadmin']],
  ['POST', '/:slug/office/roles/invite', ['admin', 'siteadmin'], { role: 'member' }],
  ['POST', '/:slug/office/roles/invitations/:id/revoke', ['admin', 'siteadmin'], {}],
  ['POST', '/:slug/office/roles', ['admin', 'siteadmin'], { username: '{clerkname}', role: 'observer' }],
  ['POST', '/:slug/office/roles/revoke', ['admin', 'siteadmin'], { username: '{clerkname}', role: 'observer' }],
  // One's own account (issue 15, item 4): anyone signed in, for themselves only.
  ['GET', '/account', SIGNED_IN],
  ['POST', '/account/sessions/revoke', SIGNED_IN, { session: '0'.repeat(64) }],
  ['POST', '/account/sessions/revoke-others', SIGNED_IN, {}],
  ['POST', '/account/tokens/:id/revoke', SIGNED_IN, {}],
  ['POST', '/account/password', SIGNED_IN, { current: 'wrong', password: 'a long password', confirmation: 'x' }],
  // Accounts and reset links: site administrators; the reset page answers anyone.
  ['GET', '/office/accounts', ['siteadmin']],
  ['POST', '/office/accounts/reset-link', ['siteadmin'], { username: '{clerkname}' }],
  ['GET', '/reset', 'public'],
  ['POST', '/reset', 'any', { token: 'not-a-token', password: 'a long password', confirmation: 'a long password' }],
  ['POST', '/invite', 'any', { token: 'not-a-token', username: 'x', password: 'a long password', confirmation: 'x' }],
];
// Long-lived streams: checked for the refusal of unknown sittings elsewhere (test/live.test.ts);
// here only that they are public.
const STREAMS = new Set(['GET /live/:slug/sittings/:id/events']);

const DENIED = new Set([401, 403]);

for (const target of testDatabases()) {
  describe(`authorisation matrix on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    const clients = new Map<Who, Client | ReturnType<typeof anonymous>>();
    const ids: Record<string, string | number> = {};
    before(async () => {
      h = await startHarness(target);
      await allowWitness(h.ctx, operatorActor(), 'http://127.0.0.1:9');
      const a = await councilWithMembers(h, 'matrix', 3);
      const b = await councilWithMembers(h, 'elsewhere', 2);
      const { sittingId, motionId, base } = await sittingWithMotion(h, a);
      const vote = (await a.clerk.request('POST', `${base}/votes`, { motionId, method: 'roll_call' })).json();
      const motion2 = (
        await a.clerk.request('POST', `${base}/motions`, { sittingId, kind: 'ordinary', title: 'Second', text: 'x' })
      ).json();
      const authority = (
        await a.clerk.request('POST', `${base}/authorities`, { names: { en: 'Parliament' }, rule: 'ru-59fz' })
      ).json();
      const appeal = (
        await a.clerk.request('POST', `${base}/appeals`, {
          title: 'Appeal',
          authorityId: authority.id,
          sender: { kind: 'body' },
        })
      ).json();
      const attachment = (
        await a.clerk.request('POST', `${base}/appeals/${appeal.id}/attachments`, {
          name: 'letter.txt',
          mediaType: 'text/plain',
          kind: 'letter',
          contentBase64: Buffer.from('A letter.').toString('base64'),
        })
      ).json();
      const faction = (
        await a.clerk.request('POST', '/api/v1/bodies/matrix/factions', { nameRu: 'Фракция', foundedOn: '2026-01-01' })
      ).json();
      const matrixBody = await h.ctx.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', 'matrix')
        .executeTakeFirstOrThrow();
      const paper = await addPaper(h.ctx, operatorActor(matrixBody.id), 'matrix', sittingId, {
        kind: 'report',
        titleEn: 'A report',
        titleRu: null,
        agendaItemId: null,
        motionId: null,
        bytes: new TextEncoder().encode('A report.'),
      });
      const election = (
        await a.clerk.request('POST', `${base}/elections`, {
          sittingId,
          office: { en: 'Chair' },
          rule: { method: 'plurality', seats: 1, publishBallots: true, source: 'assumption' },
          ballotKind: 'secret_electronic',
        })
      ).json();
      Object.assign(ids, {
        election: election.id,
        faction: faction.id,
        slug: 'matrix',
        paper: paper.id,
        sitting: sittingId,
        motion: motion2.id,
        vote: vote.id,
        member: a.memberIds[0]!,
        linked: a.memberIds[2]!,
        authority: authority.id,
        appeal: appeal.id,
        sha256: attachment.sha256 ?? attachment.blob?.sha256 ?? '0'.repeat(64),
        clerkname: a.clerk.username,
        membername: a.members[2]!.username,
      });
      clients.set('anonymous', anonymous(h));
      clients.set('siteadmin', await makeClient(h, { siteAdmin: true }));
      for (const [prefix, council] of [
        ['', a],
        ['other-', b],
      ] as const) {
        clients.set(`${prefix}clerk` as Who, council.clerk);
        clients.set(`${prefix}chair` as Who, council.chair);
        clients.set(`${prefix}member` as Who, council.members[0]!);
        clients.set(`${prefix}observer` as Who, await makeClient(h, { roles: [[council.slug, 'observer']] }));
        clients.set(`${prefix}admin` as Who, await makeClient(h, { roles: [[council.slug, 'admin']] }));
      }
    });
    after(async () => {
      await h?.close();
    });

    test('every registered route is in the table', async () => {
      const registered = new Set<string>();
      const app = await buildApp({
        ctx: h.ctx,
        live: h.runtime.live,
        onRoute: (r) => {
          for (const m of [r.method].flat()) if (m !== 'HEAD') registered.add(`${m} ${r.url}`);
        },
      });
      await app.close();
      const table = new Set([...MATRIX.map(([m, u]) => `${m} ${u}`), ...STREAMS]);
      const missing = [...registered].filter((r) => !table.has(r)).sort();
      assert.deepEqual(missing, [], 'routes with no row in the authorisation matrix');
      const stale = [...table].filter((r) => !registered.has(r));
      assert.deepEqual(stale, [], 'rows for routes that no longer exist');
    });

    test('each role gets what the table says on every route', async () => {
      const fill = (template: string, method: string) =>
        template
          .replace(':slug', String(ids.slug))
          .replace('/members/:id/account', `/members/${ids.linked}/account`)
          .replace('/invitations/:id', '/invitations/999999')
          .replace('/factions/:id', `/factions/${ids.faction}`)
          .replace('/elections/:id', `/elections/${ids.election}`)
          .replace('/rounds/:round/papers.:format', '/rounds/1/papers.blt')
          .replace('/sittings/:id', `/sittings/${ids.sitting}`)
          .replace('/papers/:id', `/papers/${ids.paper}`)
          .replace('/v/:n', '/v/1')
          .replace('/motions/:id', `/motions/${ids.motion}`)
          .replace('/votes/:id', `/votes/${ids.vote}`)
          .replace('/members/:id', `/members/${ids.member}`)
          .replace('/appeals/:id', `/appeals/${ids.appeal}`)
          .replace('/decisions/:id', '/decisions/999999')
          .replace(':memberId', String(ids.member))
          .replace(':itemId', '999999')
          .replace('/agenda/:item/', '/agenda/999999/')
          .replace(':sha256', String(ids.sha256))
          .replace(':list', 'meeting')
          .replace('/:type/:key', `/meeting/${ids.sitting}`)
          .replace(':number', '3')
          .replace(':index', '0')
          .replace('/tokens/:id', '/tokens/999999')
          .replace('/tile/*', '/tile/0/000.p/1')
          .replace('/_static/web/*', '/_static/web/none.js')
          .replace('/_static/*', '/_static/quorate.css')
          .replace(/\/holder$/, method === 'DELETE' ? '/holder?endsOn=2026-12' : '/holder')
          .replace('proof/inclusion', 'proof/inclusion?index=0&size=1')
          .replace('proof/consistency', 'proof/consistency?from=1&to=1');
      const payload = (p: unknown): unknown =>
        JSON.parse(JSON.stringify(p ?? null), (_k, v) =>
          typeof v === 'string' && /^\{\w+\}$/.test(v)
            ? typeof ids[v.slice(1, -1)] === 'number'
              ? ids[v.slice(1, -1)]
              : String(ids[v.slice(1, -1)])
            : v,
        );
      const failures: string[] = [];
      await h.runtime.integrator.integrateNow(1);
      // Reads first, while the sitting is still open; then the writes, which change the record.
      const ordered = [...MATRIX.filter(([m]) => m === 'GET'), ...MATRIX.filter(([m]) => m !== 'GET')];
      for (const [method, route, allowed, body] of ordered) {
        for (const who of EVERYONE) {
          // Signing out ends the session every later row needs: checked at the end instead.
          if ((route === '/api/v1/session' && method === 'DELETE') || route === '/sign-out') continue;
          const client = clients.get(who)!;
          const r = await client.request(
            method,
            fill(route, method),
            method === 'GET' || body === undefined ? undefined : payload(body),
          );
          const status = r.statusCode;
          const denied =
            DENIED.has(status) ||
            (who === 'anonymous' && (status === 302 || status === 303) && method === 'GET' && allowed !== 'public');
          if (status >= 500) failures.push(`${who} ${method} ${route}: ${status} ${r.body.slice(0, 200)}`);
          else if (allowed === 'any') continue;
          else if (allowed === 'public' ? denied : allowed.includes(who) === denied) {
            failures.push(
              `${who} ${method} ${route}: got ${status}, expected ${allowed === 'public' || allowed.includes(who) ? 'allowed' : 'refused'} (${r.body.slice(0, 120)})`,
            );
          }
        }
      }
      // Sign-out is checked last, once per signed-in role, on a throwaway session.
      for (const who of SIGNED_IN) {
        const roles =
          who === 'siteadmin'
            ? {}
            : {
                roles: [[who.startsWith('other-') ? 'elsewhere' : 'matrix', who.replace('other-', '')]] as Array<
                  [string, 'observer']
                >,
              };
        const c = await makeClient(h, who === 'siteadmin' ? { siteAdmin: true } : roles);
        const r = await c.request('DELETE', '/api/v1/session');
        if (r.statusCode !== 204) failures.push(`${who} DELETE /api/v1/session: ${r.statusCode}`);
      }
      for (const who of SIGNED_IN) {
        const c = await makeClient(
          h,
          who === 'siteadmin'
            ? { siteAdmin: true }
            : { roles: [[who.startsWith('other-') ? 'elsewhere' : 'matrix', who.replace('other-', '') as 'observer']] },
        );
        const r = await c.request('POST', '/sign-out', {});
        if (r.statusCode >= 400) failures.push(`${who} POST /sign-out: ${r.statusCode}`);
      }
      const anon = await anonymous(h).request('DELETE', '/api/v1/session');
      if (anon.statusCode !== 401) failures.push(`anonymous DELETE /api/v1/session: ${anon.statusCode}`);
      assert.deepEqual(failures, []);
    });

    // API tokens act within their scope on every route (issue 12, item 11): a read-only token of
    // a site administrator is refused every write; a read-write token of a site administrator
    // limited to the other body is refused every route of this body and every write outside one.
    test('tokens: read-only ones are refused every write, body-limited ones every other body', async () => {
      const admin = clients.get('siteadmin') as Client;
      const mint = async (body: object) => {
        const r = await admin.request('POST', '/api/v1/tokens', { name: 'matrix', ...body });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().token as string;
      };
      const readOnly = await mint({ scope: 'read' });
      const elsewhere = await mint({ body: 'elsewhere' });
      const failures: string[] = [];
      for (const [method, route] of MATRIX) {
        const url = route
          .replace(':slug', 'matrix')
          .replace(/:[a-zA-Z0-9]+/g, '1')
          .replace('/*', '/x');
        const write = method !== 'GET';
        const bodyRoute = route.includes(':slug');
        for (const [what, token, refused, code] of [
          ['read-only', readOnly, write, 'token_read_only'],
          ['limited to another body', elsewhere, bodyRoute || write, 'token_wrong_body'],
        ] as const) {
          const r = await h.app.inject({
            method: method as 'GET',
            url,
            headers: { authorization: `Bearer ${token}` },
            ...(write ? { payload: {} } : {}),
          });
          // A page's refusal is an HTML page; only problem+json carries a code.
          const json = String(r.headers['content-type']).includes('json');
          const gotCode = r.statusCode === 403 && json ? (r.json() as { code?: string }).code : undefined;
          if (refused && (r.statusCode !== 403 || gotCode !== code))
            failures.push(`${what} ${method} ${route}: ${r.statusCode} ${r.body.slice(0, 100)}`);
          if (!refused && (gotCode === 'token_read_only' || gotCode === 'token_wrong_body'))
            failures.push(`${what} ${method} ${route}: refused (${gotCode})`);
        }
      }
      assert.deepEqual(failures, []);
    });
  });
}
