// Minutes as a document with a life (issue 17, item 1), through the real server on every
// database: a closed sitting's minutes drafted, a narrative added in each of the body's languages,
// approved by the adoption of a `minutes_approval` motion at a later sitting (the PDF rendered once,
// stored, its SHA-256 in the approval's entry), signed by the chair and the clerk. Every refusal
// has its stable code and changes nothing; the status is derived at each step; the minutes URL
// serves the draft before approval and the stored PDF byte for byte after it; `quorate verify`
// passes, and names the approval's entry when one byte of the stored PDF changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { pdfText } from './support/pdf-text.ts';
import { formSession, RU } from './support/form-session.ts';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const recordDigest = async (h: Harness): Promise<string> => sha256(await snapshot(h.db.dialect));

for (const target of testDatabases()) {
  describe(`minutes with a life on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('drafted, narrated, approved at a later sitting, signed; every refusal changes nothing', async () => {
      const c = await councilWithMembers(h, 'minuted', 3);
      const api = '/api/v1/bodies/minuted';
      const status = async (sittingId: number) =>
        (await c.clerk.request('GET', `${api}/sittings/${sittingId}/minutes`)).json();
      const refusals = async (
        cases: Array<
          [string, () => Promise<{ statusCode: number; body: string; json(): { code?: string } }>, number, string]
        >,
      ) => {
        for (const [name, act, code, expected] of cases) {
          const before = await recordDigest(h);
          const r = await act();
          assert.equal(r.statusCode, code, `${name}: ${r.body}`);
          assert.equal(r.json().code, expected, name);
          assert.equal(await recordDigest(h), before, `${name} changed nothing`);
        }
      };

      // The first sitting: an agenda item, everyone present, a motion adopted by a show of hands.
      const s1 = await c.clerk.request('POST', `${api}/sittings`, {
        title: 'First sitting',
        date: '2026-11-20',
        agenda: ['Budget'],
      });
      assert.equal(s1.statusCode, 201, s1.body);
      const first = s1.json().id as number;
      const item = (
        (await c.clerk.request('GET', `${api}/sittings/${first}`)).json().agenda as Array<{ id: number }>
      )[0]!.id;
      assert.equal((await c.clerk.request('POST', `${api}/sittings/${first}/open`)).statusCode, 200);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${api}/sittings/${first}/attendance/${id}`, { status: 'present' });
      const narrative = (payload: unknown, who = c.clerk) =>
        who.request('POST', `${api}/sittings/${first}/minutes/narratives`, payload);
      const draft = (who = c.clerk, sittingId = first) => who.request('POST', `${api}/sittings/${sittingId}/minutes`);

      assert.equal((await status(first)).status, 'none');
      await refusals([
        ['a draft of an open sitting', () => draft(), 409, 'sitting_not_closed'],
        ['a narrative before the draft', () => narrative({ lang: 'en', text: 'Debate.' }), 409, 'minutes_not_drafted'],
      ]);
      assert.equal((await c.clerk.request('POST', `${api}/sittings/${first}/close`)).statusCode, 200);
      await refusals([['a member may not draft', () => draft(c.members[0]), 403, 'forbidden']]);

      const drafted = await draft();
      assert.equal(drafted.statusCode, 201, drafted.body);
      assert.equal(drafted.json().version, 1);
      let view = await status(first);
      assert.equal(view.status, 'draft');
      assert.equal(view.version, 1);
      const en = await narrative({ agendaItemId: item, lang: 'en', text: 'The treasurer presented the budget.' });
      assert.equal(en.statusCode, 201, en.body);
      const ru = await narrative({ agendaItemId: item, lang: 'ru', text: 'Казначей представил проект бюджета.' });
      assert.equal(ru.json().version, 3);
      await refusals([
        ['a draft twice', () => draft(), 409, 'minutes_already_drafted'],
        ['a language not of the body', () => narrative({ lang: 'de', text: 'Haushalt.' }), 400, 'language_not_of_body'],
        [
          'an item of no such sitting',
          () => narrative({ agendaItemId: 999_999, lang: 'en', text: 'X.' }),
          404,
          'agenda_item_not_found',
        ],
        ['a chair may not narrate', () => narrative({ lang: 'en', text: 'X.' }, c.chair), 403, 'forbidden'],
      ]);

      // Before approval the minutes URL serves the draft, marked on every page, both scripts read back.
      const draftPdf = await h.app.inject({ method: 'GET', url: `/export/minuted/sittings/${first}/minutes.pdf` });
      assert.equal(draftPdf.statusCode, 200);
      const draftText = await pdfText(draftPdf.rawPayload);
      for (const page of draftText.pages) assert.match(page, /DRAFT/, 'every page of a draft is marked');
      const all = draftText.pages.join('\n');
      assert.match(all, /The treasurer presented the budget\./);
      assert.match(all, /Казначей представил проект бюджета\./);
      const again = await h.app.inject({ method: 'GET', url: `/export/minuted/sittings/${first}/minutes-draft.pdf` });
      assert.equal(sha256(again.rawPayload), sha256(draftPdf.rawPayload), 'the same record renders the same bytes');

      // The second sitting puts version 3 to the vote.
      const s2 = await c.clerk.request('POST', `${api}/sittings`, { title: 'Second sitting', date: '2026-11-27' });
      const second = s2.json().id as number;
      assert.equal((await c.clerk.request('POST', `${api}/sittings/${second}/open`)).statusCode, 200);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${api}/sittings/${second}/attendance/${id}`, { status: 'present' });
      const approval = (minutesOf: unknown, kind = 'minutes_approval', sittingId = second) =>
        c.clerk.request('POST', `${api}/motions`, {
          sittingId,
          kind,
          title: 'Approval of the minutes of the first sitting',
          text: 'That the minutes be approved.',
          ...(minutesOf === undefined ? {} : { minutesOf }),
        });
      const sign = (who: typeof c.clerk, payload: unknown) =>
        who.request('POST', `${api}/sittings/${first}/minutes/signatures`, payload);
      await refusals([
        ['an approval naming no minutes', () => approval(undefined), 400, 'minutes_not_named'],
        [
          'minutes on an ordinary motion',
          () => approval({ sittingId: first, version: 3 }, 'ordinary'),
          400,
          'minutes_only_for_approval',
        ],
        ['a version not drafted', () => approval({ sittingId: first, version: 4 }), 400, 'minutes_version_unknown'],
        ['the sitting’s own minutes', () => approval({ sittingId: second, version: 1 }), 400, 'minutes_of_own_sitting'],
        [
          'signing before approval',
          () => sign(c.chair, { role: 'chair', sha256: 'a'.repeat(64) }),
          409,
          'minutes_not_approved',
        ],
      ]);
      const motion = await approval({ sittingId: first, version: 3 });
      assert.equal(motion.statusCode, 201, motion.body);
      // A narrative after the motion was tabled makes version 4; the motion still names version 3.
      assert.equal((await narrative({ lang: 'en', text: 'A later note, not approved.' })).json().version, 4);
      const vote = await c.clerk.request('POST', `${api}/votes`, {
        motionId: motion.json().id,
        method: 'show_of_hands',
      });
      assert.equal(vote.statusCode, 201, vote.body);
      const closed = await c.clerk.request('POST', `${api}/votes/${vote.json().id}/close`, {
        totals: { yes: 3, no: 0, abstain: 0 },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      view = await status(first);
      assert.equal(view.status, 'approved');
      assert.equal(view.approved.version, 3);
      const approvedSha = view.approved.sha256 as string;

      // From approval on, the URL serves the stored PDF byte for byte, in any language asked.
      const stored = await h.app.inject({
        method: 'GET',
        url: `/export/minuted/sittings/${first}/minutes.pdf?lang=ru`,
      });
      assert.equal(stored.statusCode, 200);
      assert.equal(sha256(stored.rawPayload), approvedSha);
      assert.equal(stored.rawPayload.length, view.approved.size);
      const approvedText = (await pdfText(stored.rawPayload)).pages.join('\n');
      assert.doesNotMatch(approvedText, /DRAFT/);
      assert.match(approvedText, /Казначей представил проект бюджета\./);
      assert.doesNotMatch(approvedText, /A later note/, 'the approved version is the one the motion named');
      const latestDraft = await h.app.inject({
        method: 'GET',
        url: `/export/minuted/sittings/${first}/minutes-draft.pdf`,
      });
      assert.match((await pdfText(latestDraft.rawPayload)).pages.join('\n'), /A later note/);

      const bothRoles = await makeClient(h, {
        roles: [
          ['minuted', 'clerk'],
          ['minuted', 'chair'],
        ],
      });
      await refusals([
        ['a narrative after approval', () => narrative({ lang: 'en', text: 'Too late.' }), 409, 'minutes_approved'],
        ['another approval motion', () => approval({ sittingId: first, version: 4 }), 409, 'minutes_already_approved'],
        [
          'signing another hash',
          () => sign(c.chair, { role: 'chair', sha256: 'b'.repeat(64) }),
          409,
          'minutes_hash_mismatch',
        ],
        [
          'signing in a role not held',
          () => sign(c.chair, { role: 'clerk', sha256: approvedSha }),
          403,
          'signer_lacks_role',
        ],
        ['a member may not sign', () => sign(c.members[0]!, { role: 'chair', sha256: approvedSha }), 403, 'forbidden'],
      ]);
      const chairSigned = await sign(c.chair, { role: 'chair', sha256: approvedSha });
      assert.equal(chairSigned.statusCode, 201, chairSigned.body);
      assert.equal((await status(first)).status, 'approved', 'one signature of two');
      await refusals([
        ['signing twice', () => sign(c.chair, { role: 'chair', sha256: approvedSha }), 409, 'minutes_already_signed'],
      ]);
      // One account holding both roles still signs once: the chair's account has signed as chair.
      assert.equal(
        (await sign(bothRoles, { role: 'chair', sha256: approvedSha })).json().code,
        'minutes_already_signed',
      );
      const clerkSigned = await sign(c.clerk, { role: 'clerk', sha256: approvedSha });
      assert.equal(clerkSigned.statusCode, 201, clerkSigned.body);
      view = await status(first);
      assert.equal(view.status, 'signed');
      assert.deepEqual(
        view.signatures.map((s: { role: string; account: number }) => [s.role, s.account]),
        [
          ['chair', c.chair.userId],
          ['clerk', c.clerk.userId],
        ],
      );

      // The public sitting page shows the status, who signed when, and offers the approved PDF.
      const page = await h.app.inject({
        method: 'GET',
        url: `/minuted/sittings/${first}`,
        headers: { 'accept-language': 'en' },
      });
      assert.ok(page.body.includes('approved and signed'), 'the page shows the derived status');
      assert.ok(page.body.includes(approvedSha), "the page shows the approved PDF's SHA-256");
      assert.ok(
        page.body.includes(`/export/minuted/sittings/${first}/minutes.pdf?lang=en"`),
        'the page offers the approved PDF',
      );
      assert.ok(/Signed by the chair \(account \d+\) on .+, entry \d+\./.test(page.body), 'who signed when');

      const v = await verifyBody(h, 'minuted');
      assert.equal(v.code, 0, v.output);
      // One byte of the stored PDF changed: verify fails, naming the approval's entry.
      const row = await h.db.dialect.db
        .selectFrom('blobs')
        .select('bytes')
        .where('sha256', '=', approvedSha)
        .executeTakeFirstOrThrow();
      const altered = new Uint8Array(row.bytes!);
      altered[Math.floor(altered.length / 2)]! ^= 1;
      await h.db.dialect.db.updateTable('blobs').set({ bytes: altered }).where('sha256', '=', approvedSha).execute();
      const tampered = await verifyBody(h, 'minuted');
      assert.notEqual(tampered.code, 0);
      assert.match(tampered.output, /minutes_pdf_mismatch/);
      assert.match(tampered.output, new RegExp(`entry ${view.approved.entry}\\b`));
    });

    test("the clerk's minutes office: plain forms draft, narrate, put to the vote and sign", async () => {
      const c = await councilWithMembers(h, 'officed', 2);
      const api = '/api/v1/bodies/officed';
      const s1 = await c.clerk.request('POST', `${api}/sittings`, {
        title: 'First',
        date: '2026-11-20',
        agenda: ['Roads'],
      });
      const first = s1.json().id as number;
      await c.clerk.request('POST', `${api}/sittings/${first}/open`);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${api}/sittings/${first}/attendance/${id}`, { status: 'present' });
      await c.clerk.request('POST', `${api}/sittings/${first}/close`);
      const s2 = await c.clerk.request('POST', `${api}/sittings`, { title: 'Second', date: '2026-11-27' });
      const second = s2.json().id as number;
      const clerk = await formSession(h, c.clerk.userId);
      const chair = await formSession(h, c.chair.userId);
      const office = `/officed/office/sittings/${first}/minutes`;

      const page = await clerk.get(office);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('Draft the minutes'), 'the draft form');
      // A forged form (no CSRF token) records nothing.
      const before = await recordDigest(h);
      const forged = await clerk.post(office, {}, { csrf: false });
      assert.equal(forged.statusCode, 403);
      assert.equal(await recordDigest(h), before);

      const drafted = await clerk.post(office, {});
      assert.equal(drafted.statusCode, 303, drafted.body);
      const item = (
        (await c.clerk.request('GET', `${api}/sittings/${first}`)).json().agenda as Array<{ id: number }>
      )[0]!.id;
      for (const [lang, text] of [
        ['en', 'Residents asked about potholes.'],
        ['ru', 'Жители спросили о ямах.'],
      ] as const)
        assert.equal(
          (await clerk.post(`${office}/narratives`, { agendaItemId: String(item), lang, text })).statusCode,
          303,
        );
      // A refused narrative comes back on the form with its reason, and records nothing.
      const beforeBad = await recordDigest(h);
      const bad = await clerk.post(`${office}/narratives`, { agendaItemId: '', lang: 'de', text: 'Straßen.' });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes('role="alert"'), 'the refusal is on the form');
      assert.equal(await recordDigest(h), beforeBad);

      const withDraft = await clerk.get(office);
      assert.ok(withDraft.body.includes('Жители спросили о ямах.'), 'the narratives are listed');
      assert.ok(withDraft.body.includes(`value="${second}"`), 'the later sitting is offered');
      const tabled = await clerk.post(`${office}/motion`, { sittingId: String(second), version: '3' });
      assert.equal(tabled.statusCode, 303, tabled.body);
      const motions = (await c.clerk.request('GET', `${api}/sittings/${second}`)).json().motions as Array<{
        id: number;
        kind: string;
      }>;
      const motion = motions.find((m) => m.kind === 'minutes_approval');
      assert.ok(motion, 'the approval motion is tabled at the later sitting');
      await c.clerk.request('POST', `${api}/sittings/${second}/open`);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${api}/sittings/${second}/attendance/${id}`, { status: 'present' });
      const vote = await c.clerk.request('POST', `${api}/votes`, { motionId: motion.id, method: 'show_of_hands' });
      await c.clerk.request('POST', `${api}/votes/${vote.json().id}/close`, { totals: { yes: 2, no: 0, abstain: 0 } });
      const sha = (await c.clerk.request('GET', `${api}/sittings/${first}/minutes`)).json().approved.sha256 as string;

      const chairPage = await chair.get(office, RU);
      assert.ok(chairPage.body.includes('Подписать как председательствующий'), "the chair's sign form, in Russian");
      assert.ok(!chairPage.body.includes('Подписать как секретарь'), 'no form for a role not held');
      assert.equal((await chair.post(`${office}/signatures`, { role: 'chair', sha256: sha })).statusCode, 303);
      assert.equal((await clerk.post(`${office}/signatures`, { role: 'clerk', sha256: sha })).statusCode, 303);
      assert.equal((await c.clerk.request('GET', `${api}/sittings/${first}/minutes`)).json().status, 'signed');
      const verified = await verifyBody(h, 'officed');
      assert.equal(verified.code, 0, verified.output.slice(0, 2000));
      // A narrative rewritten behind the log's back is named by its entry.
      await h.db.dialect.db
        .updateTable('minutes_narratives')
        .set({ text: 'Nothing was said about potholes.' })
        .where('lang', '=', 'en')
        .where('text', '=', 'Residents asked about potholes.')
        .execute();
      const rewritten = await verifyBody(h, 'officed');
      assert.notEqual(rewritten.code, 0);
      assert.ok(rewritten.output.includes('minutes_narrative_rows_mismatch'), 'the rewritten narrative is found');
      // A member has no minutes office.
      const member = await formSession(h, c.members[0]!.userId);
      assert.equal((await member.get(office)).statusCode, 403);
    });
  });
}
