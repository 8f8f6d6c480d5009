// Device cookies: signed with a key kept in the keys folder (mode 0600); a rotation keeps the key
// before it, so cookies it signed still count until their browser signs in again, and a second
// rotation retires them; a cookie names one account and cannot be altered or moved to another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceKeys, issueDeviceCookie, knownDevice, rotateDeviceKey } from './device-cookies.ts';

test('device cookies: signed per account, kept across one key rotation, retired by the next', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-device-'));
  try {
    const keysDir = join(dir, 'keys');
    const first = issueDeviceCookie(keysDir, undefined, 7);
    assert.equal(statSync(join(keysDir, 'sign-in-devices.keys')).mode & 0o777, 0o600);
    assert.equal(knownDevice(keysDir, first.value, 7), first.nonce);
    assert.equal(knownDevice(keysDir, first.value, 8), null, 'another account');
    assert.equal(knownDevice(keysDir, first.value.replace('v1.7.', 'v1.8.'), 8), null, 'moved to another account');
    assert.equal(knownDevice(keysDir, `${first.value.slice(0, -2)}AA`, 7), null, 'altered');
    assert.equal(knownDevice(keysDir, undefined, 7), null);
    // A second account on the same browser: both are remembered.
    const both = issueDeviceCookie(keysDir, first.value, 8);
    assert.equal(knownDevice(keysDir, both.value, 7), first.nonce);
    assert.equal(knownDevice(keysDir, both.value, 8), both.nonce);
    rotateDeviceKey(keysDir);
    assert.equal(deviceKeys(keysDir).length, 2);
    assert.equal(
      knownDevice(keysDir, both.value, 7),
      first.nonce,
      'one rotation retired a cookie signed just before it',
    );
    const renewed = issueDeviceCookie(keysDir, both.value, 7);
    rotateDeviceKey(keysDir);
    assert.equal(knownDevice(keysDir, both.value, 8), null, 'a cookie signed two keys ago still counts');
    assert.equal(knownDevice(keysDir, renewed.value, 7), renewed.nonce);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
