// The demo body's three appeals, facts only, on every database, read as of 29 November 2026:
// the March request ignored (a month-precise date: earliest and latest due dates), the August
// letter answered with an undated form reply, the September appeal tied to its decision with
// its due date.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness } from './support/test-app.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { decodeEntry } from '../src/domain/entries/record-entry.ts';
import { runCli } from './support/run-command.ts';
import { verifierKey } from '../src/services/log/log-reads.ts';
import { withholdBlob } from '../src/services/blobs.ts';
import { operatorActor } from '../src/cli/operator.ts';
import type { WireJson } from './support/json.ts';

const story = JSON.parse(readFileSync(new URL('./fixtures/smolninskoye-2022.json', import.meta.url), 'utf8'));

for (const target of testDatabases()) {
  describe(`the demo's appeals on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let appeals: Array<Record<string, WireJson>>;
    const get = async (url: string) => {
      const r = await h.app.inject({ url: `/api/v1/bodies/${DEMO_SLUG}${url}` });
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
      h.ctx.now = () => new Date('2026-11-29T09:00:00Z');
      const list = await get('/appeals');
      // Oldest first, as the story tells them.
      appeals = await Promise.all([...list.items].reverse().map((a: { id: number }) => get(`/appeals/${a.id}`)));
    });
    after(async () => {
      await h?.close();
    });

    test('three appeals, to the addressees as the sources give them, at the precision they give', () => {
      assert.equal(appeals.length, 3);
      assert.deepEqual(
        appeals.map((a) => a.authority.names.en),
        story.appeals.map((a: { addressee: string }) => a.addressee),
      );
      assert.deepEqual(
        appeals.map((a) => a.sentOn),
        ['2022-03', '2022-08', '2022-09-07'],
      );
      assert.ok(
        appeals.every((a) => a.channel === null && a.reference === null),
        'no channel or reference is invented',
      );
      assert.ok(appeals.every((a) => a.rule.id === 'ru-59fz'));
    });

    test('the March request is ignored, with its earliest and latest due dates', () => {
      const march = appeals[0]!;
      assert.deepEqual(march.sender, { kind: 'body', memberId: null, name: null });
      assert.equal(march.decision, null);
      assert.equal(march.status.status, 'ignored');
      assert.deepEqual(
        [march.status.earliestDue, march.status.latestDue, march.status.due],
        ['2022-03-31', '2022-05-04', '2022-05-04'],
      );
      assert.equal(
        march.status.line.en,
        'As of 29 Nov 2026: ignored — no reply for 1,704 days, 1,670 days past the due date 4 May 2022',
      );
      assert.match(march.status.line.ru, /^На 29 ноября 2026: оставлено без ответа — нет ответа 1\s704 дня/); // a no-break space groups digits in Russian
      assert.ok(
        march.explanation.en.includes('Sent in Mar 2022 (day not recorded): between 1 Mar 2022 and 31 Mar 2022'),
        march.explanation.en.join('\n'),
      );
      assert.match(march.summary, /Euro Weekly News/);
    });

    test('the August letter, sent by Nikita Yuferev personally, is answered with a form reply that has no date', () => {
      const august = appeals[1]!;
      assert.equal(august.sender.kind, 'member');
      assert.deepEqual(august.sender.name, { en: 'Nikita Yuferev', ru: 'Никита Юферев' });
      assert.deepEqual(
        [august.status.status, august.status.classification, august.status.answeredLate],
        ['answered', 'form_reply', null],
      );
      const reply = august.events.find((e: { type: string }) => e.type === 'reply_received');
      assert.equal(reply.on, null, 'the sources do not date the reply');
      assert.equal(reply.text.text, story.appeals[1].reply.text_en);
      assert.equal(august.explanation.en.at(-1), 'Answered — form reply');
      assert.ok(august.explanation.en.includes('Reply received (date not recorded): form reply'));
    });

    test('the September appeal is tied to the adopted decision and shows its due date', async () => {
      const september = appeals[2]!;
      assert.equal(september.title, story.motion.title_en);
      assert.ok(september.decision, 'linked to the decision');
      const decisions = await get('/decisions');
      assert.equal(september.decision.id, decisions.items[0].id);
      assert.deepEqual(
        [september.status.earliestDue, september.status.latestDue, september.status.due],
        ['2022-10-07', '2022-10-10', '2022-10-10'],
      );
      assert.equal(
        september.explanation.en.at(-2),
        'Due: between 7 Oct 2022 and 10 Oct 2022; counted as 10 Oct 2022, the latest',
      );
      // The council's own letter: 59-FZ covers citizens' appeals, so its deadline applies by analogy.
      assert.equal(
        september.explanation.en[0],
        'The act covers appeals of citizens; its deadline is applied to this letter of a public body by analogy',
      );
      assert.equal(september.status.status, 'ignored');
      // As it stood while the State Duma's time ran.
      h.ctx.now = () => new Date('2022-09-20T09:00:00Z');
      const then = await get(`/appeals/${september.id}`);
      assert.deepEqual([then.status.status, then.status.due, then.status.daysLeft], ['awaiting', '2022-10-10', 20]);
      h.ctx.now = () => new Date('2026-11-29T09:00:00Z');
    });

    test('the log holds the appeals as entries, and the reply text only by its hash', async () => {
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', DEMO_SLUG)
        .executeTakeFirstOrThrow();
      const rows = await h.db.dialect.db
        .selectFrom('entries')
        .select(['type', 'bytes'])
        .where('body_id', '=', body.id)
        .where('type', 'in', ['authority.added', 'appeal.drafted', 'appeal.sent', 'appeal.event_recorded'])
        .orderBy('idx')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.type),
        [
          'authority.added',
          'authority.added',
          'authority.added',
          'appeal.drafted',
          'appeal.sent',
          'appeal.drafted',
          'appeal.sent',
          'appeal.event_recorded',
          'appeal.drafted',
          'appeal.sent',
        ],
      );
      const reply = decodeEntry(rows[7]!.bytes);
      assert.deepEqual(Object.keys(reply.data).sort(), ['appeal', 'classification', 'event', 'on', 'text', 'type']);
      assert.equal(reply.data.on, null);
      assert.ok(!new TextDecoder().decode(rows[7]!.bytes).includes('demilitarisation'));
    });

    test("withholding the reply's text erases it, and the log still verifies", async () => {
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', DEMO_SLUG)
        .executeTakeFirstOrThrow();
      const august = appeals[1]!;
      const sha = august.events.find((e: { type: string }) => e.type === 'reply_received').text.sha256;
      await withholdBlob(h.ctx, operatorActor(body.id), DEMO_SLUG, { sha256: sha, reason: 'names an official' });
      const after = await get(`/appeals/${august.id}`);
      assert.deepEqual(after.events.at(-1).text, { sha256: sha, withheld: true, text: null });
      await h.runtime.integrator.integrateNow(body.id);
      const vkey = await verifierKey(h.db.dialect.db, h.keysDir, DEMO_SLUG);
      const r = await runCli(['verify', h.db.target, '--body', DEMO_SLUG, '--key', vkey, '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });
  });
}
