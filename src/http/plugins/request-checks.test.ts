// The CSRF comparison goes through crypto.timingSafeEqual (observed with a spy on the real
// function, not a stand-in) and refuses tokens of another length or type without throwing; a
// sign-in with `Origin: null` and no Sec-Fetch-Site is not taken for this site's own (issue 12,
// item 13). Mechanism only: no timing is measured.
import { describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { csrfTokenMatches, sameOriginSignIn } from './request-checks.ts';

const TOKEN = 'k3J9x_Qw8v2LmN4pR7sT1uY5zA0bC6dE-fGhIjKlMnO';

describe('csrfTokenMatches', () => {
  test('compares with crypto.timingSafeEqual, on equal-length digests', () => {
    const spy = mock.method(crypto, 'timingSafeEqual');
    try {
      assert.equal(csrfTokenMatches(TOKEN, TOKEN), true);
      assert.equal(csrfTokenMatches(`${TOKEN.slice(0, -1)}P`, TOKEN), false);
      assert.equal(spy.mock.callCount(), 2, 'the comparison did not go through timingSafeEqual');
      for (const call of spy.mock.calls) {
        const [a, b] = call.arguments as [Buffer, Buffer];
        assert.equal(a.length, b.length);
      }
    } finally {
      spy.mock.restore();
    }
  });

  test('refuses a token of another length, or no string at all, without throwing', () => {
    for (const sent of [
      '',
      'x',
      TOKEN.slice(1),
      `${TOKEN}x`,
      TOKEN.repeat(100),
      undefined,
      null,
      42,
      [TOKEN],
      { toString: () => TOKEN },
    ]) {
      assert.doesNotThrow(() => csrfTokenMatches(sent, TOKEN));
      assert.equal(csrfTokenMatches(sent, TOKEN), false, String(sent).slice(0, 20));
    }
    assert.equal(csrfTokenMatches('', ''), false, 'an empty expected token matches nothing');
  });
});

describe('sameOriginSignIn', () => {
  const req = (headers: Record<string, string>) =>
    ({ headers: { host: 'council.example', ...headers } }) as unknown as FastifyRequest;
  test("Origin: null without Sec-Fetch-Site is refused; the browser's Sec-Fetch-Site decides when sent", () => {
    assert.equal(sameOriginSignIn(req({ origin: 'null' })), false);
    assert.equal(sameOriginSignIn(req({ origin: 'https://elsewhere.example' })), false);
    assert.equal(sameOriginSignIn(req({ origin: 'not a url' })), false);
    assert.equal(sameOriginSignIn(req({ origin: 'https://council.example' })), true);
    assert.equal(sameOriginSignIn(req({})), true, 'a script sends neither header');
    assert.equal(sameOriginSignIn(req({ 'sec-fetch-site': 'same-origin', origin: 'null' })), true);
    assert.equal(sameOriginSignIn(req({ 'sec-fetch-site': 'cross-site', origin: 'https://council.example' })), false);
  });
});
