// The one place the app is composed: each feature lists what it adds at every extension point —
// its JSON API routes, its routes under an address of their own (OParl's /oparl/v1), its page
// routes, its sections of a body's home page, its Atom feed entries, its sections of the
// minutes — and which of its public pages the static export writes (and which
// it cannot, with the reason). The core knows no feature: app.ts, the page routes, atomFeed and
// minutesPdf take these lists from here. To add a feature, write one more `Feature` and append it
// to FEATURES; test/static-export.test.ts fails if one of its public pages has no static copy.
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../services/service-context.ts';
import { decisionEntries, decisionEventEntries, type FeedSource } from '../services/exports/feed-sources.ts';
import type { MinutesSectionSource } from '../services/exports/minutes-extensions.ts';
import { recordPageIds } from '../services/portal-reads.ts';
import { appealEntries } from '../services/appeals/appeal-feed.ts';
import { appealsMinutesSection } from '../services/appeals/appeal-minutes.ts';
import { listAppeals } from '../services/appeals/appeal-reads.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { bodyRoutes } from './routes/body-routes.ts';
import { sittingRoutes } from './routes/sitting-routes.ts';
import { minutesRoutes } from './routes/minutes-routes.ts';
import { voteRoutes } from './routes/vote-routes.ts';
import { appealRoutes } from './routes/appeal-routes.ts';
import type { BodyHomeExtension } from './pages/body-home-extensions.ts';
import type { PageGroup } from './pages/page-kit.tsx';
import { pageRoutes } from './pages/page-routes.tsx';
import { livePageRoutes } from './pages/live-page-routes.tsx';
import { appealPageRoutes } from './pages/appeal-page-routes.tsx';
import { appealsHome } from './pages/appeal-home.tsx';
import { setupPageRoutes } from './pages/setup-page-routes.tsx';
import { officePageRoutes } from './pages/office-page-routes.tsx';
import { invitePageRoutes } from './pages/invite-page-routes.tsx';
import { calendarPageRoutes } from './pages/calendar-page-routes.tsx';
import { minutesPageRoutes } from './pages/minutes-page-routes.tsx';
import { agendaPageRoutes } from './pages/agenda-page-routes.tsx';
import { rolePageRoutes } from './pages/role-page-routes.tsx';
import { accountPageRoutes } from './pages/account-page-routes.tsx';
import { factionRoutes } from './routes/faction-routes.ts';
import { factionPageRoutes } from './pages/faction-page-routes.tsx';
import { decisionPageRoutes } from './pages/decision-page-routes.tsx';
import { factionsHome } from './pages/faction-home.tsx';
import { paperPageRoutes } from './pages/paper-page-routes.tsx';
import { papersMinutesSection } from '../services/papers/paper-minutes.ts';
import { noticeMinutesSection } from '../services/notice-minutes.ts';
import { listPapers } from '../services/papers/papers.ts';
import { oparlRoutes } from './routes/oparl-routes.ts';
import { electionRoutes } from './routes/election-routes.ts';
import { electionPageRoutes } from './pages/election-page-routes.tsx';
import { electionsOfBody } from '../services/elections.ts';
import { OPARL_PREFIX } from '../services/oparl/oparl.ts';

/** The body a static export is made of. */
export interface ExportedBody {
  id: number;
  slug: string;
}

/** A public page type and the addresses of its instances for one body (paths, no query). */
export interface PublicPage {
  /** The route as registered, e.g. '/:slug/appeals/:id'. */
  route: string;
  /** Every address of this page for the body, e.g. ['/smolninskoye/appeals/1']. */
  addresses(reads: ServiceContext, body: ExportedBody): Promise<string[]>;
}

/** A public page route the static export leaves out, and why. */
export interface NotExported {
  route: string;
  reason: string;
}

export interface Feature {
  name: string;
  /** JSON API routes, registered under /api/v1. */
  apiRoutes: readonly FastifyPluginAsync[];
  /** Page route groups (HTML). */
  pageGroups: readonly PageGroup[];
  /** Sections of a body's home page, in order. */
  homeSections: readonly BodyHomeExtension[];
  /** Entries of the body's Atom feed. */
  feedSources: readonly FeedSource[];
  /** Sections of a sitting's minutes, after the core's. */
  minutesSections: readonly MinutesSectionSource[];
  /** The public GET pages the static export writes, in each language. */
  publicPages: readonly PublicPage[];
  /** The page routes it cannot write, each with its reason (the static export test lists them too). */
  notExported: readonly NotExported[];
  /** Files (not pages) the static export writes once, under their own address, in no language. */
  publicFiles?: readonly PublicPage[];
  /**
   * Machine-readable routes with an address of their own outside /api/v1 (a standard's, such as
   * OParl's /oparl/v1): each plugin registered under its prefix, beside the API, not behind the
   * pages' first-run hook or their HTML error page.
   */
  rootRoutes?: readonly { prefix: string; routes: FastifyPluginAsync }[];
}

const at = (body: ExportedBody, path = '') => `/${encodeURIComponent(body.slug)}${path}`;
const fixed = (route: string, address: (body: ExportedBody) => string): PublicPage => ({
  route,
  addresses: async (_reads, body) => [address(body)],
});

/** The record itself: bodies, members, sittings, votes, decisions, rules, search, the live screens. */
export const RECORD: Feature = {
  name: 'record',
  apiRoutes: [sessionRoutes, bodyRoutes, sittingRoutes, voteRoutes, minutesRoutes],
  pageGroups: [pageRoutes, livePageRoutes, decisionPageRoutes],
  homeSections: [],
  feedSources: [decisionEntries, decisionEventEntries],
  minutesSections: [noticeMinutesSection],
  publicPages: [
    fixed('/', () => '/'),
    fixed('/:slug', (body) => at(body)),
    fixed('/:slug/rules', (body) => at(body, '/rules')),
    fixed('/:slug/members', (body) => at(body, '/members')),
    fixed('/:slug/sittings', (body) => at(body, '/sittings')),
    fixed('/:slug/decisions', (body) => at(body, '/decisions')),
    {
      route: '/:slug/members/:id',
      addresses: async (reads, body) =>
        (await recordPageIds(reads.dialect.db, body.id)).members.map((id) => at(body, `/members/${id}`)),
    },
    {
      route: '/:slug/sittings/:id',
      addresses: async (reads, body) =>
        (await recordPageIds(reads.dialect.db, body.id)).sittings.map((id) => at(body, `/sittings/${id}`)),
    },
    {
      route: '/:slug/votes/:id',
      addresses: async (reads, body) =>
        (await recordPageIds(reads.dialect.db, body.id)).votes.map((id) => at(body, `/votes/${id}`)),
    },
    {
      route: '/:slug/decisions/:id',
      addresses: async (reads, body) =>
        (await recordPageIds(reads.dialect.db, body.id)).decisions.map((id) => at(body, `/decisions/${id}`)),
    },
    // The one page whose static copy is not the page: search answers a query, so the static site's
    // search page says that searching needs the live site, and links to it (pageRoutes, staticSite).
    fixed('/:slug/search', (body) => at(body, '/search')),
  ],
  notExported: [
    { route: '/sign-in', reason: 'signing in needs the server: it posts a password and sets a session' },
    { route: '/:slug/sittings/:id/console', reason: "the clerk's and chair's console needs a session" },
    { route: '/:slug/sittings/:id/console.json', reason: "the console's data needs a session" },
    { route: '/:slug/sittings/:id/ballot', reason: "a member's ballot needs a session" },
    { route: '/:slug/sittings/:id/live', reason: "the live screen follows the sitting's event stream (SSE)" },
    { route: '/:slug/sittings/:id/projector', reason: "the projector follows the sitting's event stream (SSE)" },
    { route: '/:slug/office/decisions/:id', reason: "recording a decision's later life needs a clerk" },
  ],
};

/** Letters to higher authorities and their statutory deadlines. */
export const APPEALS: Feature = {
  name: 'appeals',
  apiRoutes: [appealRoutes],
  pageGroups: [appealPageRoutes],
  homeSections: [{ name: 'appeals', load: (ctx, body) => appealsHome(ctx, body) }],
  feedSources: [appealEntries],
  minutesSections: [appealsMinutesSection],
  publicPages: [
    fixed('/:slug/appeals', (body) => at(body, '/appeals')),
    {
      route: '/:slug/appeals/:id',
      addresses: async (reads, body) =>
        (await listAppeals(reads, body.slug, { limit: 100_000, offset: 0 })).items.map((a) =>
          at(body, `/appeals/${a.id}`),
        ),
    },
  ],
  notExported: [],
};

/** The clerk's office: the first run's setup page, new bodies, terms, seats, the roster, invitations, roles and accounts. */
export const OFFICE: Feature = {
  name: 'office',
  apiRoutes: [],
  pageGroups: [
    setupPageRoutes,
    officePageRoutes,
    invitePageRoutes,
    calendarPageRoutes,
    minutesPageRoutes,
    agendaPageRoutes,
    rolePageRoutes,
    accountPageRoutes,
  ],
  homeSections: [],
  feedSources: [],
  minutesSections: [],
  publicPages: [],
  notExported: [
    { route: '/setup', reason: "the first run's setup page takes a one-time link and creates an account" },
    { route: '/office', reason: "the clerk's office needs a session" },
    { route: '/office/bodies/new', reason: 'creating a body needs a site administrator' },
    { route: '/:slug/office', reason: "a body's office needs a session" },
    { route: '/:slug/office/invitations', reason: 'inviting members needs a clerk' },
    { route: '/:slug/office/sittings', reason: 'the sittings calendar needs a clerk or the chair' },
    { route: '/:slug/office/sittings/:id/agenda', reason: 'the agenda builder needs a clerk or the chair' },
    { route: '/:slug/office/sittings/:id/minutes', reason: "a sitting's minutes office needs the clerk or the chair" },
    { route: '/invite', reason: 'an invitation page takes a one-time link and may create an account' },
    { route: '/:slug/office/roles', reason: "a body's roles page needs its administrator" },
    { route: '/account', reason: "one's own sessions, tokens and password need a session" },
    { route: '/office/accounts', reason: 'the list of accounts needs a site administrator' },
    { route: '/reset', reason: 'a reset page takes a one-time link and sets a password' },
  ],
};

/** Factions (депутатские объединения): their pages, API, the office's forms and a home section. */
export const FACTIONS: Feature = {
  name: 'factions',
  apiRoutes: [factionRoutes],
  pageGroups: [factionPageRoutes],
  homeSections: [{ name: 'factions', load: (ctx, body, today) => factionsHome(ctx, body, today) }],
  feedSources: [],
  minutesSections: [],
  publicPages: [fixed('/:slug/factions', (body) => at(body, '/factions'))],
  notExported: [{ route: '/:slug/office/factions', reason: "a body's factions office needs a clerk" }],
};

/** Papers of sittings (issue 16, item 4): their files, versions and hashes; the upload pages. */
export const PAPERS: Feature = {
  name: 'papers',
  apiRoutes: [],
  pageGroups: [paperPageRoutes],
  homeSections: [],
  feedSources: [],
  minutesSections: [papersMinutesSection],
  publicPages: [],
  publicFiles: [
    {
      // The static copy holds each version that is not withheld, once, under its own address.
      route: '/:slug/papers/:id/v/:n',
      addresses: async (reads, body) =>
        (await listPapers(reads.dialect.db, body.id, null)).flatMap((p) =>
          p.versions.filter((v) => !v.withheld).map((v) => at(body, `/papers/${p.id}/v/${v.version}`)),
        ),
    },
  ],
  notExported: [
    { route: '/:slug/office/sittings/:id/papers', reason: "a sitting's papers office needs a clerk" },
    {
      route: '/:slug/papers/:id/v/:n',
      reason: "a paper's file is not a page: the static copy holds it once, in no language (publicFiles)",
    },
  ],
};

/** OParl 1.1 (issue 19): the standard interface of council information systems, read-only. */
const OPARL_NOT_STATIC =
  "OParl's JSON answers the live server's query parameters (page, limit) and its ids are the live server's addresses";
export const OPARL: Feature = {
  name: 'oparl',
  apiRoutes: [],
  rootRoutes: [{ prefix: OPARL_PREFIX, routes: oparlRoutes }],
  pageGroups: [],
  homeSections: [],
  feedSources: [],
  minutesSections: [],
  publicPages: [],
  notExported: ['/system', '/bodies', '/body/:slug', '/body/:slug/:list', '/body/:slug/:type/:key'].map((route) => ({
    route: `${OPARL_PREFIX}${route}`,
    reason: OPARL_NOT_STATIC,
  })),
};

/** Every feature, the record first. */
/** Elections (issue 18): nominations, rounds, ballots, counts and lots in the JSON API; the results page. */
export const ELECTIONS: Feature = {
  name: 'elections',
  apiRoutes: [electionRoutes],
  pageGroups: [electionPageRoutes],
  homeSections: [],
  feedSources: [],
  minutesSections: [],
  publicPages: [
    {
      route: '/:slug/elections/:id',
      addresses: async (reads, body) =>
        (await electionsOfBody(reads.dialect.db, body.slug)).elections.map((e) => at(body, `/elections/${e.id}`)),
    },
  ],
  notExported: [{ route: '/:slug/elections/:id/ballot', reason: "a member's paper needs a session" }],
};

export const FEATURES: readonly Feature[] = [RECORD, APPEALS, OFFICE, FACTIONS, PAPERS, OPARL, ELECTIONS];
