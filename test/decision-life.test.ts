// Issue 17, items 3 and 4, on every database: the life of a decision after the vote — every
// transition recorded through the API with the derived status at each step, every refusal of an
// impossible one changing nothing, the veto overridden under the rules' `veto_override` majority,
// amended and repealed by other decisions with links both ways on the pages and in the open data,
// `quorate verify` replaying it all — and register numbers given by the body's numbering scheme.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { PRESETS } from '../src/domain/rules/presets.ts';
import { formSession, RU } from './support/form-session.ts';
import { runCli } from './support/run-command.ts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Council = Awaited<ReturnType<typeof councilWithMembers>>;

for (const target of testDatabases()) {
  describe(`the life of a decision on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    const bodyId = async (slug: string) =>
      (await h.db.dialect.db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    /** The rows a decision event may touch, and the log head. */
    const bodyState = async (slug: string) => {
      const id = await bodyId(slug);
      const db = h.db.dialect.db;
      return JSON.stringify(
        await Promise.all([
          db.selectFrom('decisions').selectAll().where('body_id', '=', id).orderBy('id').execute(),
          db.selectFrom('decision_events').selectAll().where('body_id', '=', id).orderBy('id').execute(),
          db.selectFrom('log_heads').selectAll().where('body_id', '=', id).execute(),
        ]),
      );
    };

    /** Tables, puts to a show of hands and closes a motion of `kind`; the decision (if adopted). */
    async function adopt(c: Council, sittingId: number, kind: string, totals: { yes: number; no: number }) {
      const base = `/api/v1/bodies/${c.slug}`;
      const m = await c.clerk.request('POST', `${base}/motions`, {
        sittingId,
        kind,
        title: `A ${kind} motion`,
        text: 'x',
      });
      assert.equal(m.statusCode, 201, m.body);
      const v = await c.clerk.request('POST', `${base}/votes`, { motionId: m.json().id, method: 'show_of_hands' });
      assert.equal(v.statusCode, 201, v.body);
      const closed = await c.clerk.request('POST', `${base}/votes/${v.json().id}/close`, {
        totals: { ...totals, abstain: 0 },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      return {
        voteId: v.json().id as number,
        decision: closed.json().decision as { id: number; registerNumber: string },
      };
    }

    async function council(slug: string, rules: unknown = 'ru-131fz') {
      const c = await councilWithMembers(h, slug, 6, { rules: rules as string });
      const { sittingId, base } = await sittingWithMotion(h, c);
      return { c, sittingId, base };
    }

    test('vetoed, overridden under veto_override, signed, published, in force, amended and repealed: status at each step, links both ways, verify passes', async () => {
      const { c, sittingId, base } = await council('life-story');
      const d1 = (await adopt(c, sittingId, 'binding_rule', { yes: 6, no: 0 })).decision;
      const today = (await c.clerk.request('GET', `${base}/decisions/${d1.id}`)).json().adoptedOn as string;
      const status = async (id: number) => {
        const r = await h.app.inject({ url: `${base}/decisions/${id}` });
        assert.equal(r.statusCode, 200, r.body);
        return r.json();
      };
      const record = (id: number, event: Record<string, unknown>) =>
        c.clerk.request('POST', `${base}/decisions/${id}/events`, { on: today, ...event });
      assert.equal((await status(d1.id)).status, 'adopted');

      const steps: Array<[Record<string, unknown>, string]> = [
        [{ type: 'sent_for_signature', by: 'the clerk' }, 'awaiting_signature'],
        [
          {
            type: 'vetoed',
            by: 'the head of the municipality',
            reasons: 'contrary to the charter',
            source: 'letter 12',
          },
          'vetoed',
        ],
      ];
      for (const [event, expected] of steps) {
        const r = await record(d1.id, event);
        assert.equal(r.statusCode, 201, r.body);
        assert.equal(r.json().status, expected);
        assert.equal((await status(d1.id)).status, expected);
      }
      // An ordinary majority cannot override: refused, nothing stored.
      const ordinary = await adopt(c, sittingId, 'ordinary', { yes: 4, no: 2 });
      let before = await bodyState(c.slug);
      const wrong = await record(d1.id, { type: 'veto_overridden', vote: ordinary.voteId });
      assert.equal(wrong.statusCode, 409, wrong.body);
      assert.equal(wrong.json().code, 'override_vote_not_veto_override');
      assert.equal(await bodyState(c.slug), before, 'a refused override changes nothing');
      // Four of six is two thirds of the established number: the veto is overridden.
      const override = await adopt(c, sittingId, 'veto_override', { yes: 4, no: 2 });
      const rest: Array<[Record<string, unknown>, string]> = [
        [{ type: 'veto_overridden', vote: override.voteId }, 'veto_overridden'],
        [{ type: 'signed', by: 'the head of the municipality' }, 'signed'],
        [{ type: 'published', place: 'bulletin', bulletin: 'Municipal Bulletin', issue: '7' }, 'published'],
        [{ type: 'published', place: 'website', url: 'https://example.org/d/1' }, 'published'],
        [{ type: 'in_force' }, 'in_force'],
      ];
      for (const [event, expected] of rest) {
        const r = await record(d1.id, event);
        assert.equal(r.statusCode, 201, `${String(event.type)}: ${r.body}`);
        assert.equal((await status(d1.id)).status, expected, String(event.type));
      }
      const d3 = (await adopt(c, sittingId, 'ordinary', { yes: 5, no: 1 })).decision;
      assert.equal((await record(d1.id, { type: 'amended', decision: d3.id })).statusCode, 201);
      assert.equal((await status(d1.id)).status, 'amended');
      const d4 = (await adopt(c, sittingId, 'ordinary', { yes: 5, no: 1 })).decision;
      assert.equal((await record(d1.id, { type: 'repealed', decision: d4.id })).statusCode, 201);
      const final = await status(d1.id);
      assert.equal(final.status, 'repealed');
      assert.equal(final.statusSince, today);
      assert.deepEqual(final.amendedBy, [{ id: d3.id, registerNumber: d3.registerNumber }]);
      assert.deepEqual(final.repealedBy, { id: d4.id, registerNumber: d4.registerNumber });
      assert.deepEqual(
        final.events.map((e: { type: string }) => e.type),
        [
          'sent_for_signature',
          'vetoed',
          'veto_overridden',
          'signed',
          'published',
          'published',
          'in_force',
          'amended',
          'repealed',
        ],
      );
      // The links the other way.
      assert.deepEqual((await status(d3.id)).amends, [{ id: d1.id, registerNumber: d1.registerNumber }]);
      assert.deepEqual((await status(d4.id)).repeals, [{ id: d1.id, registerNumber: d1.registerNumber }]);

      // Nothing follows a repeal; a refusal stores nothing.
      before = await bodyState(c.slug);
      const late = await record(d1.id, { type: 'suspended' });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().code, 'decision_ended');
      assert.equal(await bodyState(c.slug), before);

      // The register (JSON API) carries status and status_since.
      const list = (await h.app.inject({ url: `${base}/decisions` })).json();
      const row = list.items.find((d: { id: number }) => d.id === d1.id);
      assert.deepEqual([row.status, row.statusSince], ['repealed', today]);

      // Pages: the register shows the status; the decision page the timeline and the links both ways.
      const register = (await h.app.inject({ url: `/${c.slug}/decisions` })).body;
      assert.ok(register.includes('repealed since'), 'the register shows the status');
      const page = (await h.app.inject({ url: `/${c.slug}/decisions/${d1.id}` })).body;
      assert.ok(page.includes('Municipal Bulletin'), 'the timeline shows where it was published');
      assert.ok(page.includes(`href="/${c.slug}/decisions/${d4.id}"`), 'repealed by: a link');
      assert.ok(page.includes(`href="/${c.slug}/decisions/${d3.id}"`), 'amended by: a link');
      assert.ok(page.includes(`href="/${c.slug}/votes/${override.voteId}"`), 'the override vote: a link');
      const d3page = (await h.app.inject({ url: `/${c.slug}/decisions/${d3.id}` })).body;
      assert.ok(d3page.includes(`href="/${c.slug}/decisions/${d1.id}"`), 'amends: a link back');
      const d4page = (await h.app.inject({ url: `/${c.slug}/decisions/${d4.id}` })).body;
      assert.ok(d4page.includes(`href="/${c.slug}/decisions/${d1.id}"`), 'repeals: a link back');
      const ruPage = (await h.app.inject({ url: `/${c.slug}/decisions/${d1.id}?lang=ru` })).body;
      assert.ok(ruPage.includes('отменено (утратило силу)'), 'the status in Russian');

      // Open data: decisions.csv, Popolo, Atom.
      const csv = (await h.app.inject({ url: `/export/${c.slug}/decisions.csv` })).body;
      const header = csv.split('\r\n')[0]!.split(',');
      assert.ok(header.includes('status') && header.includes('status_since'), header.join(','));
      const csvRow = csv.split('\r\n').find((l) => l.startsWith(`${d1.id},`))!;
      assert.ok(csvRow.includes(',repealed,'), csvRow);
      const popolo = (await h.app.inject({ url: `/export/${c.slug}/popolo.json` })).json();
      const vote = popolo.vote_events.find(
        (v: { 'quorate:decision'?: { id: number } }) => v['quorate:decision']?.id === d1.id,
      );
      assert.equal(vote['quorate:decision'].status, 'repealed');
      assert.equal(vote['quorate:decision'].repealed_by, d4.id);
      const atom = (await h.app.inject({ url: `/export/${c.slug}/feed.atom` })).body;
      assert.ok(atom.includes('Returned unsigned (veto)'), 'Atom carries the veto');
      assert.ok(atom.includes('Repealed'), 'Atom carries the repeal');
      assert.equal(atom.match(/decision-event/g)?.length, 9, 'Atom carries each event');

      const v = await verifyBody(h, c.slug);
      assert.equal(v.code, 0, v.output);

      // After `quorate export static`: the decision pages and decisions.csv, with the status and links.
      const dir = mkdtempSync(join(tmpdir(), 'quorate-life-'));
      try {
        const r = await runCli(['export', 'static', c.slug, dir, '--db', h.db.target], {
          env: { QUORATE_KEYS: h.keysDir },
        });
        assert.equal(r.code, 0, r.stderr.slice(0, 500));
        const files = readdirSync(join(dir, c.slug, 'decisions', String(d1.id)));
        const html = files.map((f) => readFileSync(join(dir, c.slug, 'decisions', String(d1.id), f), 'utf8')).join('');
        assert.ok(html.includes('repealed since'), 'the exported page shows the status');
        assert.ok(html.includes('отменено (утратило силу)'), 'in both languages');
        assert.ok(html.includes(`/${c.slug}/decisions/${d4.id}`), 'and the link to the repealing decision');
        const exportedCsv = readFileSync(join(dir, 'export', c.slug, 'decisions.csv'), 'utf8');
        assert.ok(exportedCsv.includes(',repealed,'), 'the exported decisions.csv carries the status');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('every refusal of an impossible sequence stores nothing', async () => {
      const { c, sittingId, base } = await council('life-refusals');
      const d = (await adopt(c, sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      const other = (await adopt(c, sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      const today = (await h.app.inject({ url: `${base}/decisions/${d.id}` })).json().adoptedOn as string;
      const refusals: Array<[Record<string, unknown>, number, string]> = [
        [{ type: 'in_force', on: today }, 409, 'not_signed_and_published'],
        [{ type: 'published', on: today, place: 'other' }, 409, 'not_signed'],
        [{ type: 'veto_overridden', on: today, vote: 1 }, 409, 'not_vetoed'],
        [{ type: 'suspended', on: today }, 409, 'not_in_force'],
        [{ type: 'annulled', on: today, caseNumber: 'A-1' }, 409, 'no_open_challenge'],
        [{ type: 'amended', on: today, decision: other.id }, 409, 'not_signed'],
        [{ type: 'signed', on: '2000-01-01' }, 409, 'dated_before_cause'],
        [{ type: 'vetoed', on: today }, 400, 'invalid_decision_event'],
        [{ type: 'signed', on: '2026-13' }, 400, 'invalid_decision_event'],
        [{ type: 'published', on: today, place: 'website', url: 'javascript:alert(1)' }, 400, 'invalid_decision_event'],
      ];
      for (const [event, code, name] of refusals) {
        const before = await bodyState(c.slug);
        const r = await c.clerk.request('POST', `${base}/decisions/${d.id}/events`, event);
        assert.equal(r.statusCode, code, `${JSON.stringify(event)}: ${r.body}`);
        assert.equal(r.json().code, name, JSON.stringify(event));
        assert.equal(await bodyState(c.slug), before, `${JSON.stringify(event)} changed nothing`);
      }
      // Signed twice; a member or the public may not record.
      assert.equal(
        (await c.clerk.request('POST', `${base}/decisions/${d.id}/events`, { type: 'signed', on: today })).statusCode,
        201,
      );
      const again = await c.clerk.request('POST', `${base}/decisions/${d.id}/events`, { type: 'signed', on: today });
      assert.equal(again.json().code, 'already_signed');
      assert.equal(
        (
          await c.members[0]!.request('POST', `${base}/decisions/${d.id}/events`, {
            type: 'published',
            on: today,
            place: 'other',
          })
        ).statusCode,
        403,
      );
      const unknown = await c.clerk.request('POST', `${base}/decisions/999999/events`, { type: 'signed', on: today });
      assert.equal(unknown.statusCode, 404);
      // Under rules without a veto_override majority (RONR) an override is refused.
      const { c: r2, sittingId: s2, base: b2 } = await council('life-no-override', 'ronr');
      const rd = (await adopt(r2, s2, 'ordinary', { yes: 6, no: 0 })).decision;
      const rv = await adopt(r2, s2, 'ordinary', { yes: 6, no: 0 });
      await r2.clerk.request('POST', `${b2}/decisions/${rd.id}/events`, { type: 'vetoed', on: today, reasons: 'x' });
      const no = await r2.clerk.request('POST', `${b2}/decisions/${rd.id}/events`, {
        type: 'veto_overridden',
        on: today,
        vote: rv.voteId,
      });
      assert.equal(no.json().code, 'veto_override_not_in_rules');
      const v = await verifyBody(h, c.slug);
      assert.equal(v.code, 0, v.output);
    });

    test('register numbers: {number}/{year} assigned in order, unique, never reused; typed numbers refused for live decisions under a scheme', async () => {
      const rules = { ...structuredClone(PRESETS['ru-131fz']!), decisions: { numbering: '{number}/{year}' } };
      const { c, sittingId, base } = await council('life-numbers', rules);
      const a = (await adopt(c, sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      const b = (await adopt(c, sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      const year = (await h.app.inject({ url: `${base}/decisions/${a.id}` })).json().adoptedOn.slice(0, 4);
      assert.deepEqual([a.registerNumber, b.registerNumber], [`1/${year}`, `2/${year}`]);
      const m = await c.clerk.request('POST', `${base}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 't',
        text: 'x',
      });
      const v = await c.clerk.request('POST', `${base}/votes`, { motionId: m.json().id, method: 'show_of_hands' });
      const before = await bodyState(c.slug);
      const typed = await c.clerk.request('POST', `${base}/votes/${v.json().id}/close`, {
        totals: { yes: 6, no: 0, abstain: 0 },
        registerNumber: '99',
      });
      assert.equal(typed.statusCode, 409, typed.body);
      assert.equal(typed.json().code, 'register_number_assigned');
      assert.equal(await bodyState(c.slug), before);
      // The next close takes the next number: the refused one used none.
      const closes = [
        await c.clerk.request('POST', `${base}/votes/${v.json().id}/close`, { totals: { yes: 6, no: 0, abstain: 0 } }),
      ];
      const numbers = [a.registerNumber, b.registerNumber, ...closes.map((r) => r.json().decision.registerNumber)];
      assert.equal(new Set(numbers).size, numbers.length);
      assert.equal(numbers.at(-1), `3/${year}`, 'the refused close did not use a number');
      const ok = await verifyBody(h, c.slug);
      assert.equal(ok.code, 0, ok.output);
      // {sitting}-{item}
      const items = { ...structuredClone(PRESETS['ru-131fz']!), decisions: { numbering: '{sitting}-{item}' } };
      const s = await council('life-items', items);
      const first = (await adopt(s.c, s.sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      const second = (await adopt(s.c, s.sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      assert.match(first.registerNumber, /^1-\d+$/);
      assert.notEqual(first.registerNumber, second.registerNumber);
    });

    test("the clerk's form (no JavaScript, CSRF) records an event; a refusal re-renders in the reader's language and stores nothing", async () => {
      const { c, sittingId } = await council('life-form');
      const d = (await adopt(c, sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      const clerk = await formSession(h, c.clerk.userId);
      const page = await clerk.get(`/${c.slug}/office/decisions/${d.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('name="_csrf"'), 'the form carries the CSRF token');
      const today = (await h.app.inject({ url: `/api/v1/bodies/${c.slug}/decisions/${d.id}` })).json().adoptedOn;
      const before = await bodyState(c.slug);
      const forged = await clerk.post(
        `/${c.slug}/office/decisions/${d.id}/events`,
        { type: 'signed', on: today },
        { csrf: false },
      );
      assert.equal(forged.statusCode, 403);
      const refused = await h.app.inject({
        method: 'POST',
        url: `/${c.slug}/office/decisions/${d.id}/events`,
        cookies: clerk.cookies,
        headers: { ...RU, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: clerk.csrf, type: 'in_force', on: today }).toString(),
      });
      assert.equal(refused.statusCode, 409);
      assert.ok(refused.body.includes('до подписания и опубликования'), 'the refusal in Russian');
      assert.equal(await bodyState(c.slug), before, 'refusals store nothing');
      const ok = await clerk.post(`/${c.slug}/office/decisions/${d.id}/events`, {
        type: 'signed',
        on: today,
        by: 'the head',
        source: 'the register',
      });
      assert.equal(ok.statusCode, 303, ok.body);
      const after = await clerk.get(String(ok.headers.location));
      assert.ok(after.body.includes('Status now: signed'), 'the form says what the status is now');
      assert.equal((await h.app.inject({ url: `/api/v1/bodies/${c.slug}/decisions/${d.id}` })).json().status, 'signed');
      const member = await formSession(h, c.members[0]!.userId);
      assert.equal((await member.get(`/${c.slug}/office/decisions/${d.id}`)).statusCode, 403);
    });

    test('verify names the entry when a stored event row is changed', async () => {
      const { c, sittingId, base } = await council('life-tamper');
      const d = (await adopt(c, sittingId, 'ordinary', { yes: 6, no: 0 })).decision;
      const today = (await h.app.inject({ url: `${base}/decisions/${d.id}` })).json().adoptedOn as string;
      const signed = await c.clerk.request('POST', `${base}/decisions/${d.id}/events`, { type: 'signed', on: today });
      assert.equal(signed.statusCode, 201, signed.body);
      assert.equal((await verifyBody(h, c.slug)).code, 0);
      await h.db.dialect.db
        .updateTable('decision_events')
        .set({ actor: 'someone else' })
        .where('id', '=', signed.json().id)
        .execute();
      const v = await verifyBody(h, c.slug);
      assert.equal(v.code, 1);
      assert.ok(v.output.includes('decision_event_row_mismatch'), 'the problem is named');
      assert.ok(v.output.includes(`"index":${signed.json().entryIndex}`), 'the entry is named');
    });
  });
}
