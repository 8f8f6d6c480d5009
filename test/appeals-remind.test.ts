// `quorate appeals remind` on every database: without SMTP nothing is sent and nothing fails; with
// SMTP (a small local SMTP listener here, spoken to by nodemailer) each reminder goes out once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { testDatabases, type TestDatabase } from './support/databases.ts';
import { quotedPrintable, smtpListener } from './support/smtp-listener.ts';
import { createServiceContext } from '../src/services/service-context.ts';
import { createDemo } from '../src/services/demo/create-demo.ts';
import { remind } from '../src/cli/commands/appeals-remind.ts';
import { remindersAmong, sendAppealReminders, type ReminderMessage } from '../src/services/appeals/appeal-reminders.ts';
import type { AppealSummary } from '../src/services/appeals/appeal-reads.ts';

function io(env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  return {
    io: { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env },
    out: () => Buffer.concat(chunks).toString('utf8'),
  };
}

test('remindersAmong: overdue first, then due within the window, nothing else', () => {
  const a = (id: number, status: string, due: string | null, daysLeft: number | null) =>
    ({ id, status: { status, due, daysLeft } }) as unknown as AppealSummary;
  const got = remindersAmong(
    [
      a(1, 'awaiting', '2022-10-20', 10),
      a(2, 'awaiting', '2022-10-13', 3),
      a(3, 'overdue', '2022-10-01', null),
      a(4, 'ignored', '2022-05-04', null),
      a(5, 'answered', '2022-10-01', null),
      a(6, 'draft', null, null),
      a(7, 'awaiting', '2022-10-10', 0),
      a(8, 'sent', '2022-10-12', null),
    ],
    3,
  );
  assert.deepEqual(
    got.map((r) => [r.kind, r.appeal.id]),
    [
      ['overdue', 4],
      ['overdue', 3],
      ['due_soon', 7],
      ['due_soon', 2],
    ],
  );
});

for (const target of testDatabases()) {
  describe(`appeal reminders on ${target.label}`, { skip: target.skip }, () => {
    let db: TestDatabase;
    let smtp: Awaited<ReturnType<typeof smtpListener>>;
    before(async () => {
      db = await target.create();
      await createDemo(createServiceContext(db.dialect, { publicOrigin: 'https://council.example.org' }));
      smtp = await smtpListener();
    });
    after(async () => {
      smtp?.server.close();
      await db?.drop();
    });
    const rows = () => db.dialect.db.selectFrom('appeal_reminders').selectAll().execute();

    test('without SMTP: nothing sent, nothing recorded, exit 0', async () => {
      const run = io({ QUORATE_REMINDER_TO: 'clerk@council.example.org' });
      assert.equal(await remind(['--db', db.target], run.io), 0);
      assert.match(run.out(), /^Nothing sent: SMTP is not configured/);
      assert.deepEqual(await rows(), []);
    });

    test('with SMTP: one message for the body, each reminder once', async () => {
      const env = {
        QUORATE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        QUORATE_REMINDER_TO: 'clerk@council.example.org',
        QUORATE_MAIL_FROM: 'quorate@council.example.org',
      };
      const first = io(env);
      assert.equal(await remind(['--db', db.target, '--json', '--origin', 'https://council.example.org'], first.io), 0);
      // The demo's March and September appeals are long past their due dates; August was answered.
      assert.deepEqual(JSON.parse(first.out()), { sent: 1, reminders: 2 });
      assert.equal(smtp.messages.length, 1);
      const mail = quotedPrintable(smtp.messages[0]!);
      assert.match(mail, /^To: clerk@council\.example\.org/m);
      assert.match(mail, /smolninskoye need attention/);
      assert.match(mail, /OVERDUE: Request of March 2022/);
      assert.match(mail, /https:\/\/council\.example\.org\/smolninskoye\/appeals\/\d+/);
      assert.match(mail, /ignored — no reply for [\d,]+ days/);
      assert.deepEqual(
        (await rows()).map((r) => r.kind),
        ['overdue', 'overdue'],
      );
      const again = io(env);
      assert.equal(await remind(['--db', db.target, '--json'], again.io), 0);
      assert.deepEqual(JSON.parse(again.out()), { sent: 0, reminders: 0 });
      assert.equal(smtp.messages.length, 1, 'nothing is sent twice');
    });

    test('a failed send releases its claim, so the next run tries again', async () => {
      await db.dialect.db.deleteFrom('appeal_reminders').execute();
      const ctx = createServiceContext(db.dialect);
      const failing = {
        send: async () => {
          throw new Error('connection refused');
        },
      };
      await assert.rejects(sendAppealReminders(ctx, failing, { from: 'a@b.c', to: ['c@d.e'] }), /connection refused/);
      assert.deepEqual(await rows(), []);
      const sent: ReminderMessage[] = [];
      const result = await sendAppealReminders(
        ctx,
        {
          send: async (m) => {
            sent.push(m);
          },
        },
        { from: 'a@b.c', to: ['c@d.e'] },
      );
      assert.deepEqual([result.sent, result.reminders, sent.length], [1, 2, 1]);
    });

    test('usage errors exit through UsageError', async () => {
      await assert.rejects(remind(['--within-days', 'soon'], io().io), { name: 'UsageError' });
      await assert.rejects(remind(['--bogus'], io().io), { name: 'UsageError' });
    });
  });
}
