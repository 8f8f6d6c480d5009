// A whole app over a fresh test database, and helpers to act as users through HTTP (inject).
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import type { ServiceContext } from '../../src/services/service-context.ts';
import { createRuntime, type Runtime } from '../../src/services/runtime.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession, createUser, grantRole, linkMemberAccount } from '../../src/services/accounts.ts';
import type { Role } from '../../src/services/policy.ts';
import { operatorActor } from '../../src/cli/operator.ts';
import type { TestDatabase, TestTarget } from './databases.ts';
import { findBody } from '../../src/services/bodies.ts';
import { verifierKey } from '../../src/services/log/log-reads.ts';
import { runCli } from './run-command.ts';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

export interface Harness {
  db: TestDatabase;
  ctx: ServiceContext;
  runtime: Runtime;
  keysDir: string;
  app: TestApp;
  close(): Promise<void>;
}

export async function startHarness(
  target: TestTarget,
  appOptions: Partial<Omit<Parameters<typeof buildApp>[0], 'ctx' | 'live'>> = {},
): Promise<Harness> {
  const db = await target.create();
  const keysDir = mkdtempSync(join(tmpdir(), 'quorate-keys-'));
  const runtime = createRuntime(db.dialect, { publicOrigin: 'https://council.example.org', keysDir });
  runtime.integrator.onError = (err) => {
    throw err;
  };
  const ctx = runtime.ctx;
  const app = await buildApp({ ...appOptions, ctx, live: runtime.live });
  runtime.live.onError = (err) => {
    throw err;
  };
  return {
    db,
    ctx,
    runtime,
    keysDir,
    app,
    async close() {
      await app.close();
      await runtime.close();
      await db.drop();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

export interface Client {
  userId: number;
  username: string;
  request(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** Creates an account (optionally with roles in a body) and a signed-in client for it. */
export async function makeClient(
  h: Harness,
  options: {
    roles?: Array<[slug: string, role: Role]>;
    siteAdmin?: boolean;
    memberOf?: [slug: string, memberId: number];
  } = {},
): Promise<Client> {
  const username = `user${++counter}-${process.pid}`;
  const user = await createUser(h.ctx, operatorActor(), {
    username,
    displayName: username,
    password: 'correct horse battery',
    siteAdmin: options.siteAdmin ?? false,
  });
  for (const [slug, role] of options.roles ?? []) {
    const body = await h.ctx.dialect.db
      .selectFrom('bodies')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    await grantRole(h.ctx, operatorActor(body.id), slug, { username, role });
  }
  if (options.memberOf) {
    const body = await h.ctx.dialect.db
      .selectFrom('bodies')
      .select('id')
      .where('slug', '=', options.memberOf[0])
      .executeTakeFirstOrThrow();
    await linkMemberAccount(h.ctx, operatorActor(body.id), options.memberOf[0], {
      memberId: options.memberOf[1],
      username,
    });
  }
  const session = await createSession(h.ctx, user.id);
  return {
    userId: user.id,
    username,
    request: (method, url, payload) =>
      h.app.inject({
        method: method as 'GET',
        url,
        cookies: { quorate_session: session.sessionToken },
        headers: { 'x-csrf-token': session.csrfToken },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}

export const anonymous = (h: Harness) => ({
  request: (method: string, url: string, payload?: unknown) =>
    h.app.inject({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as object }) }),
});

/** A body with `seats` named members, each with their own signed-in member client. */
export async function councilWithMembers(
  h: Harness,
  slug: string,
  seats: number,
  options: { rules?: string | Record<string, unknown>; allowBallotChange?: boolean; timeZone?: string } = {},
) {
  const admin = await makeClient(h, { siteAdmin: true });
  const created = await admin.request('POST', '/api/v1/bodies', {
    slug,
    names: { en: `Council ${slug}`, ru: `Совет ${slug}` },
    establishedSeats: seats,
    rules: options.rules ?? 'ronr',
    allowBallotChange: options.allowBallotChange ?? false,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  if (created.statusCode !== 201) throw new Error(`create body: ${created.body}`);
  const clerk = await makeClient(h, { roles: [[slug, 'clerk']] });
  const chair = await makeClient(h, { roles: [[slug, 'chair']] });
  const memberIds: number[] = [];
  for (let seat = 1; seat <= seats; seat++) {
    const r = await clerk.request('PUT', `/api/v1/bodies/${slug}/seats/${seat}/holder`, {
      person: { nameEn: `Member ${seat}`, nameRu: `Депутат ${seat}` },
    });
    if (r.statusCode !== 201) throw new Error(`fill seat: ${r.body}`);
    memberIds.push(r.json().membershipId);
  }
  const members: Client[] = [];
  for (const id of memberIds) members.push(await makeClient(h, { memberOf: [slug, id] }));
  return { slug, admin, clerk, chair, members, memberIds };
}

/** Opens a sitting with everyone present and a motion ready for a vote. */
export async function sittingWithMotion(
  _h: Harness,
  c: Awaited<ReturnType<typeof councilWithMembers>>,
  options: { present?: number[]; kind?: string } = {},
) {
  const base = `/api/v1/bodies/${c.slug}`;
  const s = await c.clerk.request('POST', `${base}/sittings`, { title: 'Ordinary sitting', date: '2026-11-29' });
  const sittingId = s.json().id as number;
  await c.clerk.request('POST', `${base}/sittings/${sittingId}/open`);
  for (const id of options.present ?? c.memberIds) {
    const r = await c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
    if (r.statusCode !== 200) throw new Error(`attendance: ${r.body}`);
  }
  const m = await c.clerk.request('POST', `${base}/motions`, {
    sittingId,
    kind: options.kind ?? 'ordinary',
    title: 'A motion',
    text: 'That the council resolves.',
  });
  if (m.statusCode !== 201) throw new Error(`motion: ${m.body}`);
  return { sittingId, motionId: m.json().id as number, base };
}

/** Integrates the body's log, then runs `quorate verify` over it with its published key. */
export async function verifyBody(h: Harness, slug: string) {
  const body = await findBody(h.db.dialect.db, slug);
  await h.runtime.integrator.integrateNow(body.id);
  const key = await verifierKey(h.db.dialect.db, h.keysDir, slug);
  const r = await runCli(['verify', h.db.target, '--body', slug, '--key', key, '--json']);
  return { code: r.code, output: r.stdout + r.stderr };
}
