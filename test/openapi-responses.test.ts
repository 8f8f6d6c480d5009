// The OpenAPI document describes answers, not only requests: a ballot's receipt (named and
// secret, first cast and retry) validates against the schema /api/openapi.json gives for it, and
// so do the main GET routes' answers (bodies, members, sittings, motions, votes, decisions), read from the
// demo body and from a council with a closed roll call, an open vote, a declared result and
// disputes. A response schema also strips what it does not list, so each GET answer must equal
// what its read returns without the schema: a field a read adds and its schema forgets fails here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator, type Schema } from 'jsonschema';
import { testDatabases } from './support/databases.ts';
import { anonymous, councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { listFactions } from '../src/services/factions.ts';
import { findBody } from '../src/services/bodies.ts';
import {
  getBody,
  getMotion,
  getSitting,
  getVote,
  listBodies,
  listDecisions,
  listMembers,
  listSittings,
} from '../src/services/record-reads.ts';

type Operation = { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema (`type: [t, 'null']`), so a JSON Schema validator
 * reads the document as OpenAPI means it.
 * @example asJsonSchema({ type: 'integer', nullable: true }) // { type: ['integer', 'null'] }
 */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    // A property's own name is data, not a keyword: only its schema is converted.
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, asJsonSchema(v)]))
        : asJsonSchema(value);
  }
  if ((node as { nullable?: boolean }).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/** The documented schema of one operation's answer, as JSON Schema. */
function documented(doc: OpenApi, path: string, method: string, status: string): Schema {
  const schema = doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
  assert.ok(schema, `${method.toUpperCase()} ${path} documents its ${status} answer`);
  return asJsonSchema(schema) as Schema;
}

const API = '/api/v1';

for (const target of testDatabases()) {
  describe(`OpenAPI response schemas on ${target.label}`, () => {
    let h: Harness;
    let doc: OpenApi;
    before(async () => {
      h = await startHarness(target);
      doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
    });
    after(() => h?.close());

    test("a ballot's receipt validates against the documented answer, for each method and a retry", async () => {
      const path = '/api/v1/bodies/{slug}/votes/{id}/ballots';
      const validator = new Validator();

      for (const method of ['electronic', 'secret_electronic']) {
        const c = await councilWithMembers(h, `resp-${method.replace('_', '-')}`, 1);
        const { base, motionId } = await sittingWithMotion(h, c);
        const vote = (await c.clerk.request('POST', `${base}/votes`, { motionId, method })).json().id as number;
        const ballot = { choice: 'yes', clientBallotId: `ballot-${method}` };
        for (const status of [201, 200]) {
          const r = await c.members[0]!.request('POST', `${base}/votes/${vote}/ballots`, ballot);
          assert.equal(r.statusCode, status, r.body);
          const result = validator.validate(r.json(), documented(doc, path, 'post', String(status)));
          assert.deepEqual(
            result.errors.map((e) => e.stack),
            [],
            `${method} ${status}: ${r.body}`,
          );
        }
      }
    });

    test('the main GET answers validate against their documented schemas and lose nothing to them', async () => {
      await createDemo(h.ctx);
      // A council with a closed roll call (a decision, named ballots), a declared result, an open
      // vote (turnout, no counts yet) and disputes on a vote and a sitting.
      const c = await councilWithMembers(h, 'resp-views', 3);
      const { base, sittingId, motionId } = await sittingWithMotion(h, c);
      const rollCall = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'roll_call' })).json()
        .id as number;
      for (const [i, id] of c.memberIds.entries()) {
        const r = await c.clerk.request('PUT', `${base}/votes/${rollCall}/roll-call/${id}`, {
          choice: i === 2 ? 'no' : 'yes',
        });
        assert.equal(r.statusCode, 200, r.body);
      }
      const closed = await c.clerk.request('POST', `${base}/votes/${rollCall}/close`, {});
      assert.equal(closed.statusCode, 200, closed.body);
      const declared = await c.clerk.request('POST', `${base}/votes/${rollCall}/declared-results`, {
        adopted: false,
        declaredBy: 'District court',
        reason: 'A member was counted who had not taken the oath.',
      });
      assert.equal(declared.statusCode, 201, declared.body);
      for (const [targetType, targetId] of [
        ['vote', rollCall],
        ['sitting', sittingId],
      ] as const) {
        const d = await c.clerk.request('POST', `${base}/disputes`, {
          targetType,
          targetId,
          claimant: 'A resident',
          claim: 'The record is wrong.',
          occurredOn: '2026-11',
        });
        assert.equal(d.statusCode, 201, d.body);
      }
      const second = await c.clerk.request('POST', `${base}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 'A second motion',
        text: 'That the council adjourns.',
      });
      const openVote = (
        await c.clerk.request('POST', `${base}/votes`, { motionId: second.json().id, method: 'electronic' })
      ).json().id as number;
      assert.equal(
        (await c.members[0]!.request('POST', `${base}/votes/${openVote}/ballots`, { choice: 'yes' })).statusCode,
        201,
      );

      // Factions: one with both names and a past member, one with a Russian name only, dissolved.
      const north = await c.clerk.request('POST', `${base}/factions`, {
        nameEn: 'North',
        nameRu: 'Север',
        foundedOn: '2026-01-01',
      });
      assert.equal(north.statusCode, 201, north.body);
      const joined = await c.clerk.request('POST', `${base}/factions/${north.json().id}/members`, {
        memberId: c.memberIds[0],
        joinsOn: '2026-01-01',
        leavesOn: '2026-02-01',
      });
      assert.equal(joined.statusCode, 201, joined.body);
      const south = (
        await c.clerk.request('POST', `${base}/factions`, { nameRu: 'Юг', foundedOn: '2026-01-01' })
      ).json();
      await c.clerk.request('POST', `${base}/factions/${south.id}/dissolve`, { dissolvedOn: '2026-03-01' });

      const db = h.ctx.dialect.db;
      const page = { limit: 50, offset: 0 };
      type Read = { path: string; url: string; read: () => Promise<unknown> };
      const reads: Read[] = [{ path: '/bodies', url: '/bodies', read: async () => ({ items: await listBodies(db) }) }];
      for (const slug of [DEMO_SLUG, c.slug]) {
        reads.push(
          { path: '/bodies/{slug}', url: `/bodies/${slug}`, read: () => getBody(db, slug) },
          {
            path: '/bodies/{slug}/members',
            url: `/bodies/${slug}/members`,
            read: async () => ({ items: await listMembers(db, slug) }),
          },
          {
            path: '/bodies/{slug}/sittings',
            url: `/bodies/${slug}/sittings`,
            read: async () => ({ items: await listSittings(db, slug, page) }),
          },
          {
            path: '/bodies/{slug}/decisions',
            url: `/bodies/${slug}/decisions`,
            read: () => listDecisions(db, slug, page),
          },
          {
            path: '/bodies/{slug}/factions',
            url: `/bodies/${slug}/factions`,
            read: async () => ({ items: await listFactions(db, (await findBody(db, slug)).id) }),
          },
        );
        for (const s of await listSittings(db, slug, page)) {
          reads.push({
            path: '/bodies/{slug}/sittings/{id}',
            url: `/bodies/${slug}/sittings/${s.id}`,
            read: () => getSitting(db, slug, s.id),
          });
          const sitting = await getSitting(db, slug, s.id);
          for (const m of sitting.motions)
            reads.push({
              path: '/bodies/{slug}/motions/{id}',
              url: `/bodies/${slug}/motions/${m.id}`,
              read: () => getMotion(db, slug, m.id),
            });
          for (const v of sitting.votes)
            reads.push({
              path: '/bodies/{slug}/votes/{id}',
              url: `/bodies/${slug}/votes/${v.id}`,
              read: () => getVote(db, slug, v.id),
            });
        }
      }

      const validator = new Validator();
      const seen = new Set<string>();
      for (const { path, url, read } of reads) {
        const r = await anonymous(h).request('GET', API + url);
        assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
        const answer = r.json();
        const result = validator.validate(answer, documented(doc, API + path, 'get', '200'));
        assert.deepEqual(
          result.errors.map((e) => e.stack),
          [],
          url,
        );
        // What the read returns, as JSON, without the route's schema: nothing may be lost to it.
        const own = JSON.stringify(await read());
        assert.deepEqual(answer, JSON.parse(own), `${url}: the schema dropped or changed a field`);
        // And the same bytes: each schema lists its fields in the order the read sends them.
        assert.equal(r.body, own, `${url}: same fields, same order`);
        seen.add(path);
      }
      assert.equal(seen.size, 9, 'every documented GET route was read');

      // The cases the schemas have to allow were all there.
      const votes = reads.filter((x) => x.path === '/bodies/{slug}/votes/{id}');
      const answers = (await Promise.all(votes.map((x) => x.read()))) as Array<Awaited<ReturnType<typeof getVote>>>;
      assert.ok(
        answers.some((v) => v.ballots && v.ballots.length === 3),
        'a closed named vote with its ballots',
      );
      assert.ok(
        answers.some((v) => v.turnout === 1 && v.counts === null),
        'an open vote',
      );
      assert.ok(
        answers.some((v) => v.reports.length > 0),
        "the demo's vote report",
      );
      assert.ok(answers.some((v) => v.declaredResults.length > 0 && v.disputes.length > 0 && v.decision));
    });
  });
}
