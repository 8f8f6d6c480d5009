// The verifiable record over HTTP, on every database: signed checkpoints, tiles, entry bundles
// and proofs that a client checks with nothing but the published key.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { sha256 } from '../src/services/service-context.ts';
import { ed25519Verify } from '../src/services/log/signing-keys.ts';
import { ed25519Verifier, openNote } from '../src/domain/log/note.ts';
import { parseCheckpoint } from '../src/domain/log/checkpoint.ts';
import { leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from '../src/domain/log/merkle.ts';
import { decodeEntryBundle } from '../src/domain/log/entry-bundle.ts';
import { fromHex } from '../src/domain/log/bytes.ts';
import { Integrator } from '../src/services/log/integrator.ts';

for (const target of testDatabases()) {
  describe(`record log on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let bodyId: number;
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
      bodyId = (
        await h.db.dialect.db.selectFrom('bodies').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirstOrThrow()
      ).id;
      await h.runtime.integrator.integrateNow(bodyId);
    });
    after(async () => {
      await h?.close();
    });
    const get = (url: string) => h.app.inject({ url });

    async function checkpoint() {
      const vkey = (await get(`/log/${DEMO_SLUG}/key`)).body.trim();
      const note = (await get(`/log/${DEMO_SLUG}/checkpoint`)).body;
      const opened = openNote(note, [ed25519Verifier(sha256, vkey, ed25519Verify)]);
      return { vkey, note, cp: parseCheckpoint(opened.text) };
    }

    async function allEntries(size: number): Promise<Uint8Array[]> {
      const out: Uint8Array[] = [];
      for (let n = 0; n * 256 < size; n++) {
        const width = Math.min(256, size - n * 256);
        const path = `/log/${DEMO_SLUG}/tile/entries/${String(n).padStart(3, '0')}${width < 256 ? `.p/${width}` : ''}`;
        const r = await get(path);
        assert.equal(r.statusCode, 200, `${path}: ${r.body}`);
        out.push(...decodeEntryBundle(r.rawPayload, width));
      }
      return out;
    }

    test('the checkpoint is signed by the body key, names the origin, and its root is the tree of every entry', async () => {
      const { vkey, cp } = await checkpoint();
      assert.ok(vkey.startsWith(`council.example.org/${DEMO_SLUG}+`));
      assert.equal(cp.origin, `council.example.org/${DEMO_SLUG}`);
      const head = await h.db.dialect.db
        .selectFrom('log_heads')
        .select('next_index')
        .where('body_id', '=', bodyId)
        .executeTakeFirstOrThrow();
      assert.equal(cp.size, head.next_index);
      const entries = await allEntries(cp.size);
      assert.deepEqual(
        Buffer.from(
          rootFromLeafHashes(
            sha256,
            entries.map((e) => leafHash(sha256, e)),
          ),
        ),
        Buffer.from(cp.rootHash),
      );
      const first = JSON.parse(Buffer.from(entries[0]!).toString());
      assert.equal(first.type, 'body.created');
      assert.equal(first.data.origin, cp.origin);
    });

    test('a checkpoint with a flipped byte or signed by another key is refused', async () => {
      const { vkey, note } = await checkpoint();
      const tampered = note.replace(/\n(\d+)\n/, (_m, n) => `\n${Number(n) + 1}\n`);
      assert.throws(() => openNote(tampered, [ed25519Verifier(sha256, vkey, ed25519Verify)]), {
        code: 'invalid_signature',
      });
      const other = (await import('node:crypto')).generateKeyPairSync('ed25519');
      const { formatVerifierKey } = await import('../src/domain/log/note.ts');
      const { rawPublicKey } = await import('../src/services/log/signing-keys.ts');
      const otherVkey = formatVerifierKey(
        sha256,
        `council.example.org/${DEMO_SLUG}`,
        1,
        rawPublicKey(other.privateKey),
      );
      assert.throws(() => openNote(note, [ed25519Verifier(sha256, otherVkey, ed25519Verify)]), {
        code: 'no_verified_signature',
      });
    });

    test('every entry has an inclusion proof that verifies against the checkpoint', async () => {
      const { cp } = await checkpoint();
      const entries = await allEntries(cp.size);
      for (let i = 0; i < cp.size; i++) {
        const r = await get(`/log/${DEMO_SLUG}/proof/inclusion?index=${i}&size=${cp.size}`);
        assert.equal(r.statusCode, 200, r.body);
        const proof = (r.json().hashes as string[]).map(fromHex);
        verifyInclusion(sha256, {
          index: i,
          size: cp.size,
          leafHash: leafHash(sha256, entries[i]!),
          proof,
          root: cp.rootHash,
        });
      }
    });

    test('later checkpoints are consistent with every earlier one; the published size never shrinks', async () => {
      const before = await checkpoint();
      const c = await councilWithMembers(h, 'log-growth', 3);
      const { motionId, base } = await sittingWithMotion(h, c);
      await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' });
      await h.runtime.integrator.integrateNow(bodyId);
      const growthId = (
        await h.db.dialect.db
          .selectFrom('bodies')
          .select('id')
          .where('slug', '=', 'log-growth')
          .executeTakeFirstOrThrow()
      ).id;
      // Two integrators racing on one database publish each size once, in order.
      const rival = new Integrator(h.ctx);
      await Promise.all([h.runtime.integrator.integrateNow(growthId), rival.integrateNow(growthId)]);
      const sizes = (
        await h.db.dialect.db
          .selectFrom('log_checkpoints')
          .select('size')
          .where('body_id', '=', growthId)
          .orderBy('created_at')
          .orderBy('size')
          .execute()
      ).map((r) => r.size);
      assert.deepEqual(
        sizes,
        [...sizes].sort((a, b) => a - b),
      );
      assert.equal(new Set(sizes).size, sizes.length);
      const history = await h.db.dialect.db
        .selectFrom('log_checkpoints')
        .selectAll()
        .where('body_id', '=', growthId)
        .orderBy('size')
        .execute();
      const last = history.at(-1)!;
      for (const old of history.slice(0, -1)) {
        const r = await h.app.inject({ url: `/log/log-growth/proof/consistency?from=${old.size}&to=${last.size}` });
        assert.equal(r.statusCode, 200, r.body);
        verifyConsistency(sha256, {
          size1: old.size,
          size2: last.size,
          root1: new Uint8Array(old.root),
          root2: new Uint8Array(last.root),
          proof: (r.json().hashes as string[]).map(fromHex),
        });
      }
      const after = await checkpoint();
      assert.equal(after.cp.size, before.cp.size, 'the demo body did not change');
    });

    test('hash tiles match the tree and are cached as immutable when full', async () => {
      const { cp } = await checkpoint();
      const r = await get(`/log/${DEMO_SLUG}/tile/0/000.p/${Math.min(cp.size, 256)}`);
      assert.equal(r.statusCode, 200, r.body);
      const entries = await allEntries(cp.size);
      assert.deepEqual(Buffer.from(r.rawPayload.subarray(0, 32)), Buffer.from(leafHash(sha256, entries[0]!)));
      assert.equal(r.rawPayload.length, 32 * Math.min(cp.size, 256));
      assert.equal((await get(`/log/${DEMO_SLUG}/tile/0/001`)).statusCode, 404);
    });

    test('bad proof and tile parameters get a 400 or 404 problem, never a 500', async () => {
      const { cp } = await checkpoint();
      const cases: Array<[string, number, string]> = [
        [`/log/${DEMO_SLUG}/proof/inclusion?index=${cp.size}&size=${cp.size}`, 400, 'index_out_of_range'],
        [`/log/${DEMO_SLUG}/proof/inclusion?index=0&size=${cp.size + 1}`, 400, 'size_beyond_checkpoint'],
        [`/log/${DEMO_SLUG}/proof/inclusion?index=abc&size=3`, 400, 'invalid_request'],
        [`/log/${DEMO_SLUG}/proof/inclusion?index=-1&size=3`, 400, 'invalid_request'],
        [`/log/${DEMO_SLUG}/proof/consistency?from=5&to=2`, 400, 'sizes_reversed'],
        [`/log/${DEMO_SLUG}/proof/consistency?from=0&to=2`, 400, 'index_out_of_range'],
        [`/log/${DEMO_SLUG}/proof/consistency?from=1&to=${cp.size * 2}`, 400, 'size_beyond_checkpoint'],
        [`/log/${DEMO_SLUG}/tile/0/x001`, 400, 'bad_tile_path'],
        [`/log/${DEMO_SLUG}/tile/9/000`, 404, 'tile_not_found'],
        [`/log/${DEMO_SLUG}/tile/entries/000.p/999`, 400, 'bad_tile_path'],
        [`/log/nope/checkpoint`, 404, 'body_not_found'],
      ];
      for (const [url, status, code] of cases) {
        const r = await get(url);
        assert.equal(r.statusCode, status, `${url}: ${r.body}`);
        assert.equal(r.json().code, code, url);
      }
    });
  });
}
