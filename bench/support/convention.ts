// A convention-sized body for benchmarks: N members, each with an account and a live session, all
// present at an open sitting with a motion ready. Built through the services except the accounts,
// which are inserted with one precomputed password hash (scrypt per account would take minutes) and
// linked to their seats in one recorded transaction.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/open-database.ts';
import { migrateToLatest } from '../../src/db/migrations.ts';
import { createRuntime } from '../../src/services/runtime.ts';
import { createBody } from '../../src/services/bodies.ts';
import { importRoster } from '../../src/services/roster-import.ts';
import { createSession, hashPassword } from '../../src/services/accounts.ts';
import { markAttendance, scheduleSitting, setSittingStatus } from '../../src/services/sittings.ts';
import { tableMotion } from '../../src/services/motions.ts';
import { recordTransaction } from '../../src/services/record-transaction.ts';
import { operatorActor } from '../../src/cli/operator.ts';
import { createPostgresDatabase } from '../../test/support/databases.ts';

export interface Convention {
  target: string;
  keysDir: string;
  slug: string;
  sittingId: number;
  motionId: number;
  clerk: { cookie: string; csrf: string };
  members: Array<{ cookie: string; csrf: string }>;
  drop(): Promise<void>;
}

export async function buildConvention(options: { members: number; postgres?: boolean }): Promise<Convention> {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-bench-'));
  const pgdb = options.postgres ? await createPostgresDatabase() : null;
  const target = pgdb ? pgdb.url : join(dir, 'bench.db');
  const dialect = openDatabase(target);
  await migrateToLatest(dialect);
  const keysDir = join(dir, 'keys');
  const runtime = createRuntime(dialect, { keysDir });
  const ctx = runtime.ctx;
  const slug = 'convention';
  const n = options.members;
  await createBody(ctx, operatorActor(), { slug, names: { en: 'Convention' }, establishedSeats: n, rules: 'ronr' });
  const body = await dialect.db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const op = operatorActor(body.id);
  await importRoster(
    ctx,
    op,
    slug,
    Array.from({ length: n }, (_, i) => ({
      line: i + 2,
      seat: i + 1,
      nameEn: `Delegate ${i + 1}`,
      nameRu: null,
      startsOn: null,
    })),
    { dryRun: false },
  );
  const hash = await hashPassword('benchmark password', new Uint8Array(16));
  const now = new Date().toISOString();
  const users: number[] = [];
  for (let i = 0; i <= n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n + 1 - i) }, (_, k) => ({
      username: `delegate-${i + k}`,
      display_name: `Delegate ${i + k}`,
      password_hash: hash,
      site_admin: 0,
      disabled: 0,
      created_at: now,
    }));
    const inserted = await dialect.db.insertInto('users').values(rows).returning('id').execute();
    users.push(...inserted.map((r) => r.id));
  }
  const clerkUser = users.shift()!;
  const people = await dialect.db
    .selectFrom('people')
    .select('id')
    .where('body_id', '=', body.id)
    .orderBy('id')
    .execute();
  const memberships = await dialect.db
    .selectFrom('memberships')
    .select('id')
    .where('body_id', '=', body.id)
    .orderBy('id')
    .execute();
  // The clerk's role and each seat's link enter the log as the services record them (role.granted,
  // member.account_linked, which grants the member role), so `quorate verify` finds every role row
  // granted; written in one transaction, as the accounts are inserted in bulk.
  await recordTransaction(ctx, { id: body.id, slug }, async (tx) => {
    await tx.trx.insertInto('body_roles').values({ body_id: body.id, user_id: clerkUser, role: 'clerk' }).execute();
    tx.record('role.granted', { role: 'clerk', account: clerkUser });
    for (let i = 0; i < n; i++) {
      await tx.trx.updateTable('people').set({ user_id: users[i]! }).where('id', '=', people[i]!.id).execute();
      tx.record('member.account_linked', { member: memberships[i]!.id, account: users[i]! });
    }
    for (let i = 0; i < n; i += 500) {
      await tx.trx
        .insertInto('body_roles')
        .values(users.slice(i, i + 500).map((u) => ({ body_id: body.id, user_id: u, role: 'member' as const })))
        .execute();
    }
  });
  const session = async (userId: number) => {
    const s = await createSession(ctx, userId);
    return { cookie: `quorate_session=${s.sessionToken}`, csrf: s.csrfToken };
  };
  const clerkSession = await session(clerkUser);
  const members = [];
  for (const u of users) members.push(await session(u));
  const clerkActor = { userId: clerkUser, siteAdmin: false, roles: new Map([[body.id, new Set(['clerk'] as const)]]) };
  const sitting = await scheduleSitting(ctx, clerkActor, slug, { title: 'Convention sitting', date: now.slice(0, 10) });
  await setSittingStatus(ctx, clerkActor, slug, sitting.id, 'open');
  for (const m of memberships)
    await markAttendance(ctx, clerkActor, slug, sitting.id, { memberId: m.id, status: 'present' });
  const motion = await tableMotion(ctx, clerkActor, slug, {
    sittingId: sitting.id,
    kind: 'ordinary',
    title: 'The main motion',
    text: 'That the convention resolves.',
  });
  await runtime.integrator.integrateNow(body.id);
  await runtime.close();
  await dialect.destroy();
  return {
    target,
    keysDir,
    slug,
    sittingId: sitting.id,
    motionId: motion.id,
    clerk: clerkSession,
    members,
    async drop() {
      await pgdb?.drop();
    },
  };
}
