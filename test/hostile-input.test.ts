// Hostile input on every JSON endpoint, on every database (issue 9, "Hostile input"). The
// endpoints come from /api/openapi.json — a new write endpoint is fuzzed without editing this
// file — and each body is generated from that endpoint's own schema: valid-shaped bodies carrying
// hostile values (deep nesting, huge, negative and fractional numbers, long strings, RTL and
// zero-width text, NUL, SQL fragments, markup), then arbitrary JSON, non-JSON and invalid UTF-8.
// Sent as a signed-in clerk and as a site admin: never a 5xx, every refusal is problem+json with
// a `code`, bodies over the limit get 413, and accepted text reads back exactly as sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testDatabases } from './support/databases.ts';
import { entityBombDocx, hostilePdf, multipartBody, zipBomb } from './support/paper-files.ts';
import { snapshot } from './support/snapshot.ts';
import { paperTextIdle } from '../src/services/papers/paper-text.ts';
import {
  councilWithMembers,
  makeClient,
  sittingWithMotion,
  startHarness,
  type Client,
  type Harness,
} from './support/test-app.ts';

export const HOSTILE_STRINGS = [
  "'; DROP TABLE votes; --",
  "1' OR '1'='1",
  'Robert"); DELETE FROM entries; --',
  '<script>window.__xss=1</script>',
  '"><img src=x onerror=alert(1)>',
  '\u202eevil\u202c \u200f\u200e',
  'zero\u200bwidth\u200c\u200d\ufeff',
  'nul\u0000byte',
  '\u0001\u0007\u001b[31m',
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7} %s %n {count}',
  '=HYPERLINK("http://x")',
  'Совет 🗳️ المجلس',
  '__proto__',
  '',
  ' ',
];

/** Raw JSON text: numbers JSON.stringify cannot write (1e400, 2^64), and nesting too deep to build as objects. */
class RawNumber {
  constructor(readonly text: string) {}
}
type Fuzz = null | boolean | number | string | RawNumber | Fuzz[] | { [k: string]: Fuzz };

const HOSTILE_NUMBERS: Fuzz[] = [
  0,
  -1,
  1,
  2,
  3,
  -0.5,
  1.5,
  2147483647,
  2147483648,
  -2147483649,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  new RawNumber('1e400'),
  new RawNumber('-1e400'),
  new RawNumber('18446744073709551616'),
  new RawNumber('1e-400'),
  new RawNumber('0.1e1'),
];

export function toJson(v: Fuzz): string {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** `depth` levels of alternating objects and arrays, as text (a tree that deep overflows a recursive printer). */
const deep = (depth: number): RawNumber => {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '[' : '{"a":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return new RawNumber(`${open}"bottom"${close}`);
};

/** Values of any shape, hostile ones weighted in. */
const anyHostile: fc.Arbitrary<Fuzz> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom<Fuzz>(null, true, false, [], {}, deep(50), deep(5_000)),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constant('x'.repeat(20_000)),
);

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: string[];
  anyOf?: Schema[];
  nullable?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  format?: string;
}

const DATES = ['2026-11-29', '2026-11', '2026', '2026-02-30', '0000-00-00'];

/** Values shaped by `schema`: mostly plausible, often hostile, now and then of the wrong type. */
export function fromSchema(schema: Schema, depth = 0): fc.Arbitrary<Fuzz> {
  const shaped = ((): fc.Arbitrary<Fuzz> => {
    if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fromSchema(s, depth + 1)));
    if (schema.enum)
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, fc.constantFrom(...HOSTILE_STRINGS));
    switch (schema.type) {
      case 'string': {
        if (schema.format === 'date-time')
          return fc.constantFrom(
            '2026-11-29T10:00:00Z',
            '2026-11-29T25:00:00Z',
            '9999-12-31T23:59:59.999Z',
            "'; DROP TABLE votes; --",
          );
        if (schema.pattern)
          return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DATES) }, fc.constantFrom(...HOSTILE_STRINGS));
        const max = schema.maxLength ?? 10_000;
        return fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
          fc.string({ maxLength: 30, unit: 'binary' }),
          fc.constantFrom('y'.repeat(max), 'z'.repeat(max + 1)),
        );
      }
      case 'integer':
      case 'number':
        return fc.oneof(
          {
            weight: 2,
            arbitrary: fc.integer({ min: Math.max(schema.minimum ?? -5, -5), max: Math.min(schema.maximum ?? 10, 10) }),
          },
          fc.constantFrom(...HOSTILE_NUMBERS),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(schema.items && depth < 4 ? fromSchema(schema.items, depth + 1) : anyHostile, { maxLength: 4 });
      case 'object': {
        const props = Object.entries(schema.properties ?? {});
        const required = new Set(schema.required ?? []);
        const record: Record<string, fc.Arbitrary<Fuzz>> = {};
        for (const [k, s] of props) record[k] = depth < 4 ? fromSchema(s, depth + 1) : anyHostile;
        const extra =
          schema.additionalProperties && typeof schema.additionalProperties === 'object' && depth < 4
            ? fc.dictionary(
                fc.constantFrom('en', 'ru', 'x', '__proto__', 'constructor', '\u202e'),
                fromSchema(schema.additionalProperties, depth + 1),
                { maxKeys: 3 },
              )
            : fc.constant({});
        return fc
          .tuple(fc.record(record, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) }), extra)
          .map(([known, more]) => ({ ...(more as object), ...(known as object) }) as Fuzz);
      }
      default:
        return anyHostile;
    }
  })();
  return fc.oneof({ weight: 8, arbitrary: shaped }, schema.nullable ? fc.constant(null) : anyHostile);
}

interface Endpoint {
  method: string;
  path: string;
  schema: Schema;
}

/** Every JSON write endpoint with a request body schema, from the app's own OpenAPI document. */
export async function writeEndpoints(h: Harness): Promise<Endpoint[]> {
  const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> } }>>;
  };
  const out: Endpoint[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema && ['post', 'put', 'patch', 'delete'].includes(method))
        out.push({ method: method.toUpperCase(), path, schema });
    }
  }
  return out;
}

/** Sends raw bytes as JSON with the client's cookie and CSRF token. */
async function sendRaw(
  h: Harness,
  who: Session,
  method: string,
  url: string,
  payload: string | Buffer,
  contentType = 'application/json',
) {
  return h.app.inject({
    method: method as 'POST',
    url,
    payload,
    headers: { 'content-type': contentType, 'x-csrf-token': who.csrf },
    cookies: { quorate_session: who.cookie },
  });
}

interface Session {
  name: string;
  cookie: string;
  csrf: string;
}

async function sessionOf(h: Harness, client: Client): Promise<Session> {
  const { createSession } = await import('../src/services/accounts.ts');
  const s = await createSession(h.ctx, client.userId);
  return { name: client.username, cookie: s.sessionToken, csrf: s.csrfToken };
}

function assertWellRefused(r: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) {
  assert.ok(r.statusCode < 500, `${what}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  if (r.statusCode >= 400) {
    assert.match(
      String(r.headers['content-type']),
      /^application\/problem\+json/,
      `${what}: ${r.statusCode} not problem+json`,
    );
    const problem = JSON.parse(r.body) as { code?: unknown; status?: unknown };
    assert.equal(typeof problem.code, 'string', `${what}: refusal without a code: ${r.body.slice(0, 200)}`);
    assert.equal(problem.status, r.statusCode, what);
    assert.doesNotMatch(r.body, /\n\s+at .*\(.*:\d+:\d+\)/, `${what}: a stack trace leaked`);
  }
}

const SLUG = 'fuzz';
const RUNS_PER_ENDPOINT = 5;

for (const target of testDatabases()) {
  describe(`hostile input on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let endpoints: Endpoint[];
    let who: Session[];
    let fill: (path: string) => fc.Arbitrary<string>;
    let council: Awaited<ReturnType<typeof councilWithMembers>>;
    let sittingId: number;
    before(async () => {
      h = await startHarness(target);
      council = await councilWithMembers(h, SLUG, 3);
      const s = await sittingWithMotion(h, council);
      sittingId = s.sittingId;
      const admin = await makeClient(h, { siteAdmin: true });
      who = [await sessionOf(h, council.clerk), await sessionOf(h, admin)];
      who[0]!.name = 'clerk';
      who[1]!.name = 'admin';
      endpoints = await writeEndpoints(h);
      // Path parameters: the body and ids that exist, and a few that do not.
      const params: Record<string, fc.Arbitrary<string>> = {
        slug: fc.constantFrom(SLUG, SLUG, 'no-such-body', '%27%3B--', `${SLUG}%00`),
        id: fc.constantFrom('1', '2', '0', '-1', '99999999999999999999', 'x'),
        number: fc.constantFrom('1', '2', '3', '4', '0', '1.5'),
        memberId: fc.constantFrom(...council.memberIds.map(String), '0'),
        sha256: fc.constantFrom('0'.repeat(64), 'zz'),
        index: fc.constantFrom('0', '1'),
      };
      fill = (path) => {
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        return fc.tuple(...names.map((n) => params[n] ?? fc.constant('1'))).map((values) => {
          let url = path;
          names.forEach((n, i) => {
            url = url.replace(`{${n}}`, values[i]!);
          });
          return url;
        });
      };
    });
    after(async () => {
      await h?.close();
    });

    // PostgreSQL's text cannot hold NUL, nor be compared with it: a slug with one is simply not found.
    test('a NUL in a body slug is a 404, in a path and in a token request', async () => {
      for (const url of [
        `/api/v1/bodies/${SLUG}%00`,
        `/api/v1/bodies/%00/sittings`,
        `/api/v1/bodies/${SLUG}%00/votes/1`,
      ]) {
        const r = await h.app.inject({ url });
        assertWellRefused(r, url);
        assert.equal(r.statusCode, 404, url);
        assert.equal(r.json().code, 'body_not_found', url);
      }
      const r = await council.clerk.request('POST', '/api/v1/tokens', { name: 'nul', body: 'nul\u0000byte' });
      assertWellRefused(r, 'POST /api/v1/tokens');
      assert.equal(r.statusCode, 404, r.body);
    });

    test('the OpenAPI document lists the write endpoints', () => {
      assert.ok(endpoints.length >= 25, `only ${endpoints.length} write endpoints found`);
      for (const must of [
        'POST /api/v1/bodies/{slug}/sittings',
        'POST /api/v1/bodies/{slug}/motions',
        'POST /api/v1/bodies/{slug}/disputes',
        'POST /api/v1/bodies/{slug}/votes/{id}/ballots',
      ]) {
        assert.ok(
          endpoints.some((e) => `${e.method} ${e.path}` === must),
          must,
        );
      }
    });

    test('schema-shaped bodies with hostile values: no 5xx, every refusal problem+json with a code', async () => {
      for (const e of endpoints) {
        await fc.assert(
          fc.asyncProperty(fill(e.path), fromSchema(e.schema), fc.constantFrom(0, 1), async (url, body, w) => {
            const r = await sendRaw(h, who[w]!, e.method, url, toJson(body));
            assertWellRefused(r, `${who[w]!.name} ${e.method} ${url} ${toJson(body).slice(0, 200)}`);
          }),
          { numRuns: RUNS_PER_ENDPOINT },
        );
      }
    });

    test('arbitrary JSON, non-JSON, invalid UTF-8, lone surrogates and deep nesting: no 5xx', async () => {
      const bodies: Array<[string, string | Buffer, string?]> = [
        ['deep object', deep(100_000).text],
        ['deep array', '['.repeat(200_000) + ']'.repeat(200_000)],
        [
          'invalid UTF-8',
          Buffer.from([
            0x7b, 0x22, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22,
            0x7d,
          ]),
        ],
        [
          'lone surrogate',
          '{"title":"\\ud800","date":"2026-11-29","claim":"\\udfff","claimant":"x","text":"\\ud800","kind":"ordinary","name":"\\ud800"}',
        ],
        ['not JSON', "'; DROP TABLE votes; --"],
        ['truncated', '{"title":'],
        ['empty', ''],
        ['NUL bytes', '\u0000\u0000'],
        ['proto poisoning', '{"__proto__":{"admin":true},"title":"x"}'],
        ['constructor poisoning', '{"constructor":{"prototype":{"admin":true}}}'],
        ['form body', 'title=x&date=2026-11-29', 'application/x-www-form-urlencoded'],
        ['text body', 'hello', 'text/plain'],
        ['xml body', '<a>&xxe;</a>', 'application/xml'],
      ];
      for (const e of endpoints) {
        const url = e.path
          .replace('{slug}', SLUG)
          .replace(/\{memberId\}/, String(council.memberIds[0]))
          .replace(/\{\w+\}/g, '1');
        for (const [what, body, type] of bodies) {
          for (const w of who)
            assertWellRefused(await sendRaw(h, w, e.method, url, body, type), `${w.name} ${e.method} ${url} ${what}`);
        }
      }
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...endpoints), fc.jsonValue({ maxDepth: 6 }), async (e, value) => {
          const url = e.path.replace('{slug}', SLUG).replace(/\{\w+\}/g, '1');
          assertWellRefused(
            await sendRaw(h, who[0]!, e.method, url, JSON.stringify(value)),
            `${e.method} ${url} ${JSON.stringify(value).slice(0, 200)}`,
          );
        }),
        { numRuns: 60 },
      );
      assert.equal((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    });

    test('bodies over the limit get 413 with a code, on every endpoint', async () => {
      // Over the app's 256 KiB limit, and over the attachment route's own (10 MiB of base64 and a margin).
      const big = JSON.stringify({ title: 'x'.repeat(300 * 1024) });
      const huge = JSON.stringify({ contentBase64: 'x'.repeat(15 * 1024 * 1024) });
      for (const e of endpoints) {
        const url = e.path.replace('{slug}', SLUG).replace(/\{\w+\}/g, '1');
        const r = await sendRaw(h, who[0]!, e.method, url, e.path.endsWith('/attachments') ? huge : big);
        assert.equal(r.statusCode, 413, `${e.method} ${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
        assert.equal(r.json().code, 'body_too_large');
      }
    });

    test('accepted text is stored verbatim: SQL fragments, RTL and zero-width text read back unchanged', async () => {
      const clerk = council.clerk;
      const base = `/api/v1/bodies/${SLUG}`;
      // Text the record takes: well-formed, no NUL (PostgreSQL text cannot hold U+0000).
      const text = fc.oneof(
        fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.trim() !== '' && !s.includes('\u0000'))),
        fc
          .string({ minLength: 1, maxLength: 60, unit: 'grapheme' })
          .filter((s) => s.trim() !== '' && !s.includes('\u0000')),
      );
      await fc.assert(
        fc.asyncProperty(text, text, text, async (title, place, agendaItem) => {
          const created = await clerk.request('POST', `${base}/sittings`, {
            title,
            date: '2026-12-01',
            place,
            agenda: [agendaItem],
          });
          if (created.statusCode !== 201) return assertWellRefused(created, `sitting ${JSON.stringify(title)}`);
          const read = (await clerk.request('GET', `${base}/sittings/${created.json().id}`)).json();
          assert.equal(read.title, title);
          assert.equal(read.place, place);
          assert.deepEqual(
            read.agenda.map((a: { title: string }) => a.title),
            [agendaItem],
          );
        }),
        { numRuns: 25 },
      );
      await fc.assert(
        fc.asyncProperty(text, text, text, async (title, body, claim) => {
          const m = await clerk.request('POST', `${base}/motions`, { sittingId, kind: 'ordinary', title, text: body });
          if (m.statusCode !== 201) return assertWellRefused(m, `motion ${JSON.stringify(title)}`);
          const motion = (await clerk.request('GET', `${base}/motions/${m.json().id}`)).json();
          assert.equal(motion.title, title);
          assert.equal(motion.text, body);
          const d = await clerk.request('POST', `${base}/disputes`, {
            targetType: 'motion',
            targetId: m.json().id,
            claimant: title,
            claim,
          });
          assert.equal(d.statusCode, 201, d.body);
          const again = (await clerk.request('GET', `${base}/motions/${m.json().id}`)).json();
          const disputes = JSON.stringify(again.disputes ?? []);
          assert.ok(
            disputes.includes(JSON.stringify(claim).slice(1, -1)),
            `dispute claim ${JSON.stringify(claim)} not read back: ${disputes.slice(0, 300)}`,
          );
        }),
        { numRuns: 20 },
      );
      const names = ["O'Brien'; DROP TABLE people; --", '\u202eнавлаП\u202c', 'Zero\u200bWidth'];
      assert.equal((await clerk.request('DELETE', `${base}/seats/3/holder?endsOn=2026-12-01`)).statusCode, 200);
      const r = await clerk.request('PUT', `${base}/seats/3/holder`, {
        person: { nameEn: names[0], nameRu: names[1] },
      });
      assert.equal(r.statusCode, 201, r.body);
      const members = JSON.stringify((await clerk.request('GET', `${base}/members`)).json());
      for (const n of names.slice(0, 2))
        assert.ok(members.includes(JSON.stringify(n).slice(1, -1)), `member name ${JSON.stringify(n)} not read back`);
    });

    // The clerk's office forms (issue 15): urlencoded and multipart, every field hostile in turn.
    // Never a 5xx; a refusal is an HTML page that echoes no markup; accepted names read back as sent.
    test("the clerk's office forms: hostile values in every field, hostile bodies, no 5xx", async () => {
      const clerk = who[0]!;
      const admin = who[1]!;
      // A faction for the faction forms to act on (made through its own form).
      const made = await h.app.inject({
        method: 'POST',
        url: `/${SLUG}/office/factions`,
        cookies: { quorate_session: clerk.cookie },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: clerk.csrf, nameRu: 'Фракция', foundedOn: '2026-01-01' }).toString(),
      });
      assert.equal(made.statusCode, 303, made.body);
      const faction = /faction-(\d+)/.exec(String(made.headers.location))![1];
      const forms: Array<[Session, string, Record<string, string>]> = [
        [
          admin,
          '/office/bodies',
          {
            slug: 'hostile-x',
            nameEn: 'A',
            nameRu: 'Б',
            jurisdiction: 'J',
            timeZone: 'UTC',
            languages: 'en',
            establishedSeats: '3',
            preset: 'ronr',
          },
        ],
        [clerk, `/${SLUG}/office/seats`, { seat: '9', nameEn: 'A', nameRu: 'Б', startsOn: '2026' }],
        [clerk, `/${SLUG}/office/vacate`, { seat: '9', endsOn: '2026-12', reason: 'resigned' }],
        [clerk, `/${SLUG}/office/terms`, { startsOn: '2020-01-01', endsOn: '2020-12-31' }],
        [clerk, `/${SLUG}/office/import`, { roster: 'seat,name_en\n9,A', confirm: '1', csv: 'seat\n9' }],
        // Committees (issue 15, item 5): establishing one, and a committee seat filled from the parent.
        [
          clerk,
          `/${SLUG}/office/committees`,
          { slug: `${SLUG}-c`, nameEn: 'C', nameRu: 'К', establishedSeats: '2', preset: 'ronr' },
        ],
        [clerk, `/${SLUG}/office/seats`, { seat: '1', parentMember: '1' }],
        [admin, '/setup', { token: 't', username: 'u', password: 'p', confirmation: 'p' }],
        // Invitations to a seat (issue 15, item 4): the clerk's forms, the invitee signed in and not.
        [clerk, `/${SLUG}/office/invitations`, { seat: '1', email: 'member@example.org' }],
        [clerk, `/${SLUG}/office/invitations/1/revoke`, {}],
        [clerk, `/${SLUG}/office/invitations/<script>window.x=1<%2Fscript>/revoke`, {}],
        // The sittings calendar (issue 16): schedule, move, cancel, give notice.
        [
          clerk,
          `/${SLUG}/office/sittings`,
          {
            title: 'T',
            date: '2027-01-10',
            time: '18:00',
            place: 'P',
            kind: 'ordinary',
            convenedBy: 'C',
            agenda: 'A\nB',
          },
        ],
        [
          clerk,
          `/${SLUG}/office/sittings/1/reschedule`,
          { date: '2027-01-11', time: '10:00', place: 'P', reason: 'R' },
        ],
        [clerk, `/${SLUG}/office/sittings/1/cancel`, { reason: 'R' }],
        [clerk, `/${SLUG}/office/sittings/1/notice`, { secondConvocation: '1' }],
        [clerk, `/${SLUG}/office/sittings/1/title`, { lang: 'ru', text: 'Заседание' }],
        // The agenda builder (issue 16, item 2).
        [clerk, `/${SLUG}/office/sittings/1/agenda`, { title: 'Item' }],
        [clerk, `/${SLUG}/office/sittings/1/agenda/1/move`, { to: '2' }],
        [clerk, `/${SLUG}/office/sittings/1/agenda/1/split`, { title: 'Part two' }],
        [clerk, `/${SLUG}/office/sittings/1/agenda/1/withdraw`, { reason: 'Not ready' }],
        [clerk, `/${SLUG}/office/sittings/1/agenda/<script>window.x=1<%2Fscript>/withdraw`, { reason: 'R' }],
        // Minutes (issue 17): each form, and an address that is not a sitting.
        [clerk, `/${SLUG}/office/sittings/1/minutes`, {}],
        [clerk, `/${SLUG}/office/sittings/1/minutes/narratives`, { agendaItemId: '1', lang: 'ru', text: 'Обсуждение' }],
        [clerk, `/${SLUG}/office/sittings/1/minutes/motion`, { sittingId: '1', version: '1' }],
        [clerk, `/${SLUG}/office/sittings/1/minutes/signatures`, { role: 'clerk', sha256: 'f'.repeat(64) }],
        [clerk, `/${SLUG}/office/sittings/<script>window.x=1<%2Fscript>/minutes/narratives`, { lang: 'en', text: 'T' }],
        [clerk, `/${SLUG}/office/sittings/<script>window.x=1<%2Fscript>/notice`, {}],
        [clerk, '/invite', { token: 'A'.repeat(43) }],
        // A body's roles (issue 15, item 4), as a site administrator.
        [admin, `/${SLUG}/office/roles`, { username: 'nobody-here', role: 'observer' }],
        [admin, `/${SLUG}/office/roles/invite`, { role: 'observer' }],
        [admin, `/${SLUG}/office/roles/invitations/999999/revoke`, {}],
        [admin, `/${SLUG}/office/roles/revoke`, { username: 'nobody-here', role: 'observer' }],
        // One's own account and reset links (issue 15, item 4). Signing out everywhere else is left
        // out: it has no field, and it would end the sessions the other tests use.
        [admin, '/account/sessions/revoke', { session: 'a'.repeat(64) }],
        [admin, '/account/tokens/999999/revoke', {}],
        [admin, '/account/tokens/<script>window.x=1<%2Fscript>/revoke', {}],
        [clerk, '/account/password', { current: 'not the password', password: 'p'.repeat(12), confirmation: 'p' }],
        [admin, '/office/accounts/reset-link', { username: 'nobody-here' }],
        [
          { name: 'anonymous', cookie: '', csrf: '' },
          '/reset',
          { token: 'A'.repeat(43), password: 'p'.repeat(12), confirmation: 'p'.repeat(12) },
        ],
        // Factions (issue 15, item 5): a new faction, joining, leaving, dissolving.
        [clerk, `/${SLUG}/office/factions`, { nameRu: 'Ф', nameEn: 'F', foundedOn: '2026-01-01' }],
        [clerk, `/${SLUG}/office/factions/${faction}/members`, { memberId: '1', joinsOn: '2026-02-01', leavesOn: '' }],
        [clerk, `/${SLUG}/office/factions/${faction}/leave`, { memberId: '1', leavesOn: '2026-03-01' }],
        [clerk, `/${SLUG}/office/factions/${faction}/dissolve`, { dissolvedOn: '2026-04-01' }],
        [clerk, `/${SLUG}/office/factions/<script>window.x=1<%2Fscript>/dissolve`, { dissolvedOn: '2026-04-01' }],
        // Elections (issue 18): a member's paper and its review, every field hostile in turn.
        [clerk, `/${SLUG}/elections/1/ballot/review`, { p1: '1', p2: '2', change: '' }],
        [clerk, `/${SLUG}/elections/1/ballot`, { p1: '1', clientBallotId: 'abcdefgh' }],
        [clerk, `/${SLUG}/elections/<script>window.x=1<%2Fscript>/ballot`, { p1: '1' }],
        // A decision's later life (issue 17): every field of the event form.
        [
          clerk,
          `/${SLUG}/office/decisions/1/events`,
          // The fields of each kind (free text, a date, an id, an address), not all thirteen: every
          // field costs a round of hostile strings.
          { type: 'published', on: '2026-12', by: 'B', place: 'website', url: 'https://example.org/', decision: '1' },
        ],
        [clerk, `/${SLUG}/office/decisions/<script>window.x=1<%2Fscript>/events`, { on: '2026-12' }],
        // Papers (issue 16, item 4): the upload forms, with every text field hostile in turn.
        [
          clerk,
          `/${SLUG}/office/sittings/${sittingId}/papers`,
          { titleEn: 'A', titleRu: 'Б', kind: 'report', target: '' },
        ],
        [clerk, `/${SLUG}/office/sittings/${sittingId}/papers`, { titleEn: 'A', kind: 'report', target: 'item:1' }],
        [clerk, `/${SLUG}/office/papers/1/versions`, {}],
        [clerk, `/${SLUG}/office/papers/<script>window.x=1<%2Fscript>/versions`, {}],
        [
          { name: 'anonymous', cookie: '', csrf: '' },
          '/invite',
          { token: 'A'.repeat(43), username: 'u', displayName: 'D', password: 'p', confirmation: 'p' },
        ],
      ];
      const send = (s: Session, url: string, payload: string | Buffer, contentType: string) =>
        h.app.inject({
          method: 'POST',
          url,
          cookies: { quorate_session: s.cookie },
          headers: { 'content-type': contentType },
          payload,
        });
      const check = (r: { statusCode: number; body: string }, what: string) => {
        assert.ok(r.statusCode < 500, `${what}: ${r.statusCode} ${r.body.slice(0, 300)}`);
        assert.doesNotMatch(r.body, /<script>window|<img src=x/, `${what}: markup echoed`);
        assert.doesNotMatch(r.body, /\n\s+at .*\(.*:\d+:\d+\)/, `${what}: a stack trace leaked`);
      };
      for (const [s, url, fields] of forms) {
        for (const field of Object.keys(fields)) {
          for (const value of [...HOSTILE_STRINGS, 'x'.repeat(20_000)]) {
            const body = new URLSearchParams({ _csrf: s.csrf, ...fields, [field]: value }).toString();
            check(
              await send(s, url, body, 'application/x-www-form-urlencoded'),
              `${url} ${field}=${value.slice(0, 30)}`,
            );
          }
        }
        const b = 'hb';
        const multipart = (value: string) =>
          Buffer.from(
            `--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${s.csrf}\r\n` +
              `--${b}\r\nContent-Disposition: form-data; name="roster"; filename="x.csv"\r\n\r\n${value}\r\n--${b}--\r\n`,
          );
        for (const [what, payload, type] of [
          [
            'invalid UTF-8',
            Buffer.from([0x5f, 0x63, 0x73, 0x72, 0x66, 0x3d, 0xff, 0xfe, 0x26, 0xc0]),
            'application/x-www-form-urlencoded',
          ],
          ['nested keys', `_csrf=${s.csrf}&a[b][c][d][e]=1&__proto__[x]=1`, 'application/x-www-form-urlencoded'],
          ['JSON', JSON.stringify({ _csrf: s.csrf, slug: { $ne: 1 }, seat: [1, 2] }), 'application/json'],
          ['multipart, no boundary', 'x', 'multipart/form-data'],
          [
            'multipart, hostile CSV',
            multipart('seat,name_en\n1,"<script>window.__xss=1</script>'),
            `multipart/form-data; boundary=${b}`,
          ],
          [
            'multipart, binary',
            Buffer.concat([multipart(''), Buffer.alloc(5000, 0xff)]),
            `multipart/form-data; boundary=${b}`,
          ],
          ['too large', 'a='.padEnd(2_000_000, 'x'), 'application/x-www-form-urlencoded'],
        ] as const) {
          const r = await send(s, url, payload, type);
          check(r, `${url} ${what}`);
          if (what === 'too large') assert.equal(r.statusCode, 413, url);
        }
      }
    });

    // Papers (issue 16, item 4): hostile files through the upload form — a PDF that is a header
    // and garbage (stored; its text fails to read off the request path; the server goes on), a
    // DOCX whose XML declares an entity bomb, a zip bomb, an empty file, a file that is none of the
    // accepted types. Each refusal has its stable code and stores nothing.
    test('paper uploads: hostile PDF, entity-bomb DOCX, zip bomb, 0-byte file; no 5xx, a refusal stores nothing', async () => {
      const clerk = who[0]!;
      const url = `/${SLUG}/office/sittings/${sittingId}/papers`;
      const upload = (file: { name: string; bytes: Uint8Array } | null) => {
        const body = multipartBody(
          { _csrf: clerk.csrf, titleEn: 'Hostile', kind: 'report', target: '' },
          file && { ...file, type: 'application/octet-stream' },
        );
        return h.app.inject({
          method: 'POST',
          url,
          cookies: { quorate_session: clerk.cookie },
          headers: { 'content-type': body.contentType },
          payload: body.payload,
        });
      };
      const stored = async () => {
        const db = h.db.dialect.db;
        return JSON.stringify([
          await snapshot(h.db.dialect),
          await db.selectFrom('blobs').select('sha256').orderBy('sha256').execute(),
          await db.selectFrom('paper_search_documents').selectAll().orderBy('paper_id').execute(),
        ]);
      };
      const before = await stored();
      for (const [file, code] of [
        [{ name: 'bomb.docx', bytes: entityBombDocx() }, 'declares a DTD'],
        [{ name: 'zip.docx', bytes: zipBomb() }, 'more than 100 times'],
        [{ name: 'empty.pdf', bytes: new Uint8Array(0) }, 'the file is empty'],
        [null, 'the file is empty'],
        [
          { name: 'a.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) },
          'a paper is a PDF',
        ],
        [{ name: 'broken.docx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xff]) }, 'cannot be read'],
      ] as const) {
        const r = await upload(file);
        assert.equal(r.statusCode, 400, `${file?.name}: ${r.body.slice(0, 200)}`);
        assert.ok(r.body.includes(code), `${file?.name}: ${code}`);
        assert.equal(await stored(), before, `${file?.name ?? 'no file'} stored nothing`);
      }
      const r = await upload({ name: 'scan.pdf', bytes: hostilePdf() });
      assert.equal(r.statusCode, 303);
      await paperTextIdle(h.ctx);
      const v = await h.db.dialect.db
        .selectFrom('paper_versions')
        .select('text_status')
        .orderBy('paper_id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(v.text_status, 'failed');
      assert.equal((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    });
  });
}
