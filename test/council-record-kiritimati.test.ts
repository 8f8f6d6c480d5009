// The record tests once more with the server's own clock far from UTC (Kiritimati, UTC+14: its
// date differs from UTC's for most of the day). Nothing the record stores may depend on the
// server's zone: a body's days are in the body's zone. node:test runs each file in its own
// process, so setting TZ here, before the tests are loaded, affects only this run.
import assert from 'node:assert/strict';

process.env.TZ = 'Pacific/Kiritimati';
assert.equal(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), -14 * 60, 'the process runs in Kiritimati time');
await import('./council-record.test.ts');
await import('./integrity.test.ts');
