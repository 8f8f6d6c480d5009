// Numbers in URLs are canonical decimal only, and every refusal the framework or Node's HTTP parser
// makes (bad Content-Length, bad JSON, media type, size, URL, headers) is problem+json with a code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';

const NOT_CANONICAL = [
  '0x10',
  '1e3',
  '1e0',
  '010',
  '00',
  ' 1',
  '1 ',
  '',
  '+1',
  '-0',
  '-1',
  '1.0',
  '1.',
  '.5',
  '0b1',
  '0o7',
  'Infinity',
  'NaN',
  '١',
  '9007199254740992',
  '99999999999999999999',
];

for (const target of testDatabases()) {
  describe(`proof queries take canonical decimal numbers only on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let size = 0;
    before(async () => {
      h = await startHarness(target);
      const admin = await makeClient(h, { siteAdmin: true });
      const r = await admin.request('POST', '/api/v1/bodies', {
        slug: 'proofs',
        names: { en: 'Proofs' },
        establishedSeats: 3,
        rules: 'ronr',
      });
      assert.equal(r.statusCode, 201, r.body);
      await h.runtime.settled();
      size = Number((await h.app.inject({ method: 'GET', url: '/log/proofs/checkpoint' })).body.split('\n')[1]);
      assert.ok(size >= 1);
    });
    after(async () => {
      await h?.close();
    });

    test('inclusion and consistency proofs refuse hex, exponents, padding, signs and empty numbers', async () => {
      const get = (url: string) => h.app.inject({ method: 'GET', url });
      assert.equal((await get(`/log/proofs/proof/inclusion?index=0&size=${size}`)).statusCode, 200);
      assert.equal((await get(`/log/proofs/proof/consistency?from=${size}&to=${size}`)).statusCode, 200);
      for (const bad of NOT_CANONICAL) {
        const q = encodeURIComponent(bad);
        for (const url of [
          `/log/proofs/proof/inclusion?index=${q}&size=${size}`,
          `/log/proofs/proof/inclusion?index=0&size=${q}`,
          `/log/proofs/proof/consistency?from=${q}&to=${size}`,
          `/log/proofs/proof/consistency?from=0&to=${q}`,
        ]) {
          const r = await get(url);
          assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
          assert.match(String(r.headers['content-type']), /^application\/problem\+json/, url);
          assert.equal(r.json().code, 'invalid_request', url);
        }
      }
    });

    test('other numbers in URLs are canonical too (entry index, paging, seat)', async () => {
      for (const url of [
        '/api/v1/bodies/proofs/entries/0x0',
        '/api/v1/bodies/proofs/entries/00',
        '/api/v1/bodies/proofs/decisions?limit=1e1',
        '/api/v1/bodies/proofs/decisions?offset=',
        '/api/v1/bodies/proofs/decisions?limit=+5',
      ]) {
        const r = await h.app.inject({ method: 'GET', url });
        assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
        assert.equal(r.json().code, 'invalid_request', url);
      }
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/bodies/proofs/entries/0' })).statusCode, 200);
      assert.equal(
        (await h.app.inject({ method: 'GET', url: '/api/v1/bodies/proofs/decisions?limit=10&offset=0' })).statusCode,
        200,
      );
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/bodies/proofs/decisions' })).statusCode, 200);
    });
  });
}

describe('framework-level refusals are problem+json with a code', () => {
  let h: Harness;
  let port = 0;
  before(async () => {
    h = await startHarness(testDatabases()[0]!);
    port = Number(new URL(await h.app.listen({ host: '127.0.0.1', port: 0 })).port);
  });
  after(async () => {
    await h?.close();
  });

  /** Sends bytes as they are (fetch would fix the framing) and reads the answer until the server closes. */
  function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
      let out = '';
      socket.setEncoding('utf8');
      socket.on('data', (d) => (out += d));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', ...rest] = out.split('\r\n\r\n');
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body: rest.join('\r\n\r\n') });
      });
    });
  }

  test('bad framing, bad JSON, wrong media type, too large, bad URL, huge headers', async () => {
    const post = (headers: string, body: string) =>
      `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n\r\n${body}`;
    const cases: Array<[string, string, number, string]> = [
      [
        'Content-Length not a number',
        post('Content-Type: application/json\r\nContent-Length: abc', '{}'),
        400,
        'bad_content_length',
      ],
      [
        'two Content-Lengths',
        post('Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3', '{}'),
        400,
        'bad_content_length',
      ],
      [
        'negative Content-Length',
        post('Content-Type: application/json\r\nContent-Length: -1', '{}'),
        400,
        'bad_content_length',
      ],
      ['not HTTP at all', 'HELLO THERE\r\n\r\n', 400, 'bad_http_request'],
      ['bad JSON', post('Content-Type: application/json\r\nContent-Length: 2', '{x'), 400, 'bad_json'],
      ['empty JSON', post('Content-Type: application/json\r\nContent-Length: 0', ''), 400, 'bad_json'],
      [
        'unsupported media type',
        post('Content-Type: text/xml\r\nContent-Length: 2', '{}'),
        415,
        'unsupported_media_type',
      ],
      [
        'body too large',
        post('Content-Type: application/json\r\nContent-Length: 9999999', '{}'),
        413,
        'body_too_large',
      ],
      ['URL that does not decode', 'GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'bad_url'],
      [
        'headers too large',
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
        431,
        'headers_too_large',
      ],
    ];
    for (const [what, request, status, code] of cases) {
      const r = await raw(request);
      assert.equal(r.status, status, `${what}: ${r.headers}\n${r.body}`);
      assert.match(r.headers, /\r\ncontent-type: application\/problem\+json/i, what);
      const problem = JSON.parse(r.body);
      assert.equal(problem.code, code, what);
      assert.equal(problem.status, status, what);
      assert.equal(typeof problem.detail, 'string', what);
    }
  });
});
