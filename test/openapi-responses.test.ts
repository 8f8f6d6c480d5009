// The OpenAPI document describes answers, not only requests: a ballot's receipt (named and
// secret, first cast and retry) validates against the schema /api/openapi.json gives for it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator, type Schema } from 'jsonschema';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';

type Operation = { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> };

for (const target of testDatabases()) {
  describe(`OpenAPI response schemas on ${target.label}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(() => h?.close());

    test("a ballot's receipt validates against the documented answer, for each method and a retry", async () => {
      const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, Operation>>;
      };
      const op = doc.paths['/api/v1/bodies/{slug}/votes/{id}/ballots']?.post;
      const documented = (status: string) => op?.responses?.[status]?.content?.['application/json']?.schema;
      assert.ok(documented('201'), 'the first cast (201) is documented');
      assert.ok(documented('200'), 'a retry (200) is documented');
      const validator = new Validator();

      for (const method of ['electronic', 'secret_electronic']) {
        const c = await councilWithMembers(h, `resp-${method.replace('_', '-')}`, 1);
        const { base, motionId } = await sittingWithMotion(h, c);
        const vote = (await c.clerk.request('POST', `${base}/votes`, { motionId, method })).json().id as number;
        const ballot = { choice: 'yes', clientBallotId: `ballot-${method}` };
        for (const status of [201, 200]) {
          const r = await c.members[0]!.request('POST', `${base}/votes/${vote}/ballots`, ballot);
          assert.equal(r.statusCode, status, r.body);
          const result = validator.validate(r.json(), documented(String(status))!);
          assert.deepEqual(
            result.errors.map((e) => e.stack),
            [],
            `${method} ${status}: ${r.body}`,
          );
        }
      }
    });
  });
}
