// The witness's outcomes as HTTP answers, per C2SP tlog-witness ("add-checkpoint" responses).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cosignReply } from './mirror-server.ts';
import type { CosignResult } from '../services/mirror/witness.ts';

const ROWS: Array<[CosignResult, number, string, string]> = [
  [{ kind: 'cosigned', signatureLine: '— w1 AAAA\n' }, 200, 'text/plain; charset=utf-8', '— w1 AAAA\n'],
  [{ kind: 'unknown_log', message: 'unknown log' }, 404, 'text/plain; charset=utf-8', 'unknown log\n'],
  [{ kind: 'bad_signature', message: 'bad signature' }, 403, 'text/plain; charset=utf-8', 'bad signature\n'],
  [{ kind: 'old_size_mismatch', size: 12 }, 409, 'text/x.tlog.size', '12\n'],
  [{ kind: 'old_size_mismatch', size: 0 }, 409, 'text/x.tlog.size', '0\n'],
  [{ kind: 'malformed', message: 'no old line' }, 400, 'text/plain; charset=utf-8', 'no old line\n'],
  [{ kind: 'shrinks', message: 'smaller' }, 400, 'text/plain; charset=utf-8', 'smaller\n'],
  [{ kind: 'inconsistent', message: 'not consistent' }, 422, 'text/plain; charset=utf-8', 'not consistent\n'],
];

describe('cosignReply', () => {
  for (const [result, status, contentType, body] of ROWS) {
    test(`${result.kind} → ${status}`, () => {
      assert.deepEqual(cosignReply(result), { status, contentType, body });
    });
  }
});
