import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEADLINE_PRESETS, deadlinePreset, validateDeadlineRule } from './deadline-rule.ts';

test('every preset passes its own validation unchanged', () => {
  for (const [id, rule] of Object.entries(DEADLINE_PRESETS)) {
    assert.equal(rule.id, id);
    assert.deepEqual(validateDeadlineRule(structuredClone(rule)), rule, id);
  }
  assert.deepEqual(Object.keys(DEADLINE_PRESETS).sort(), ['de-ifg', 'de-nrw-ifg', 'ru-59fz', 'uk-foi', 'uk-foisa']);
});

test('every deadline rule cites act, section and a short quote in its own language, or says why not verified', () => {
  for (const rule of Object.values(DEADLINE_PRESETS)) {
    for (const c of [rule.source, rule.rollForwardSource, rule.extensionSource]) {
      if (!c) continue;
      assert.ok(c.act && c.section && c.quote && c.quote.length >= 10, `${rule.id}: ${c.section}`);
      assert.ok(c.unverified === undefined || c.unverified.length > 20, `${rule.id}: unverified says why`);
    }
  }
  // The Russian roll-forward is a convention, labelled so; IFG's month is a target ("soll").
  assert.match(DEADLINE_PRESETS['ru-59fz']!.rollForwardSource!.note!, /^a convention/);
  assert.match(DEADLINE_PRESETS['ru-59fz']!.rollForwardSource!.section, /193/);
  assert.equal(DEADLINE_PRESETS['de-ifg']!.target, true);
  assert.match(DEADLINE_PRESETS['de-ifg']!.source.quote!, /soll/);
  assert.equal(DEADLINE_PRESETS['ru-59fz']!.appliesTo, 'citizens');
  // FOISA: Scottish bank holidays only (s.73); FOIA: every part of the UK (s.10(6)).
  assert.deepEqual(DEADLINE_PRESETS['uk-foisa']!.calendar, { country: 'GB', regions: ['SCT'] });
  assert.deepEqual(DEADLINE_PRESETS['de-ifg']!.calendar, { country: 'DE', regions: 'all' });
});

test('the presets say what their acts say', () => {
  const ru = DEADLINE_PRESETS['ru-59fz']!;
  assert.deepEqual(
    [ru.kind, ru.amount, ru.start, ru.startOffsetDays, ru.rollForward, ru.extension],
    ['calendar_days', 30, 'registered', 1, true, { maxDays: 30, maxTotalDays: 30 }],
  );
  assert.deepEqual(
    ru.assumptions?.registration && [ru.assumptions.registration.minDays, ru.assumptions.registration.maxDays],
    [0, 3],
  );
  const uk = DEADLINE_PRESETS['uk-foi']!;
  assert.deepEqual([uk.kind, uk.amount, uk.start, uk.startOffsetDays], ['working_days', 20, 'received', 1]);
  assert.deepEqual(uk.calendar, { country: 'GB', regions: ['ENG', 'NIR', 'SCT', 'WLS'] });
  const de = DEADLINE_PRESETS['de-ifg']!;
  assert.deepEqual(
    [de.kind, de.amount, de.start, de.startOffsetDays, de.rollForward, de.extension],
    ['months', 1, 'received', 1, true, null],
  );
});

test('presets are frozen; deadlinePreset gives an editable copy', () => {
  assert.throws(() => {
    (DEADLINE_PRESETS['ru-59fz'] as { amount: number }).amount = 1;
  });
  const copy = deadlinePreset('ru-59fz');
  copy.amount = 14;
  copy.calendar.country = 'DE';
  assert.equal(DEADLINE_PRESETS['ru-59fz']!.amount, 30);
  assert.equal(DEADLINE_PRESETS['ru-59fz']!.calendar.country, 'RU');
  assert.throws(() => deadlinePreset('us-foia'), { code: 'unknown_deadline_preset' });
  assert.throws(() => deadlinePreset('toString'), { code: 'unknown_deadline_preset' });
});

test('a custom rule: calendar days from sending, no roll, two extensions', () => {
  const rule = validateDeadlineRule({
    id: 'council-14d',
    kind: 'calendar_days',
    amount: 14,
    start: 'sent',
    startOffsetDays: 0,
    rollForward: false,
    calendar: { country: 'GB', regions: 'all', weekend: [0] },
    extension: { maxDays: 7, times: 2 },
    overdueAfterDays: 3,
    ignoredAfterDays: 30,
    redirect: 'continue',
    source: { act: 'Standing Orders', section: '12.3', url: 'https://example.org/so' },
  });
  assert.equal(rule.calendar.regions, 'all');
  assert.deepEqual(rule.calendar.weekend, [0]);
  assert.equal(rule.redirect, 'continue');
});

// Known-good rule, then broken copies: every one must be refused with its code.
test('broken copies of a rule are each refused with a stable code', () => {
  const good = () => structuredClone(DEADLINE_PRESETS['ru-59fz']!) as unknown as Record<string, unknown>;
  const broken: Array<[string, (r: Record<string, unknown>) => void, string]> = [
    ['unknown field', (r) => (r.amout = 30), 'unknown_field'],
    ['missing id', (r) => delete r.id, 'invalid_deadline_rule'],
    ['id with spaces', (r) => (r.id = 'my rule'), 'invalid_deadline_rule'],
    ['unknown kind', (r) => (r.kind = 'weeks'), 'invalid_deadline_rule'],
    ['zero amount', (r) => (r.amount = 0), 'invalid_deadline_rule'],
    ['fractional amount', (r) => (r.amount = 30.5), 'invalid_deadline_rule'],
    ['amount as text', (r) => (r.amount = '30'), 'invalid_deadline_rule'],
    ['unknown start', (r) => (r.start = 'posted'), 'invalid_deadline_rule'],
    ['negative offset', (r) => (r.startOffsetDays = -1), 'invalid_deadline_rule'],
    [
      'months with offset 2',
      (r) => Object.assign(r, { kind: 'months', amount: 1, startOffsetDays: 2 }),
      'invalid_deadline_rule',
    ],
    ['rollForward as text', (r) => (r.rollForward = 'yes'), 'invalid_deadline_rule'],
    ['no calendar', (r) => delete r.calendar, 'invalid_deadline_rule'],
    ['unknown country', (r) => (r.calendar = { country: 'XX' }), 'unsupported_calendar'],
    ['unknown region', (r) => (r.calendar = { country: 'GB', regions: ['ZZ'] }), 'unsupported_calendar'],
    ['empty regions', (r) => (r.calendar = { country: 'GB', regions: [] }), 'invalid_deadline_rule'],
    [
      'seven-day weekend',
      (r) => (r.calendar = { country: 'RU', weekend: [0, 1, 2, 3, 4, 5, 6] }),
      'invalid_deadline_rule',
    ],
    ['weekday 7', (r) => (r.calendar = { country: 'RU', weekend: [7] }), 'invalid_deadline_rule'],
    ['calendar typo', (r) => (r.calendar = { country: 'RU', region: ['SPE'] }), 'unknown_field'],
    ['missing extension', (r) => delete r.extension, 'invalid_deadline_rule'],
    ['extension of 0 days', (r) => (r.extension = { maxDays: 0, times: 1 }), 'invalid_deadline_rule'],
    ['extension 0 times', (r) => (r.extension = { maxDays: 30, times: 0 }), 'invalid_deadline_rule'],
    ['extension typo', (r) => (r.extension = { max: 30, times: 1 }), 'unknown_field'],
    [
      'ignored before overdue',
      (r) => Object.assign(r, { overdueAfterDays: 10, ignoredAfterDays: 5 }),
      'invalid_deadline_rule',
    ],
    ['missing ignoredAfterDays', (r) => delete r.ignoredAfterDays, 'invalid_deadline_rule'],
    ['unknown redirect', (r) => (r.redirect = 'pause'), 'invalid_deadline_rule'],
    ['gap max < min', (r) => (r.assumptions = { registration: { minDays: 3, maxDays: 1 } }), 'invalid_deadline_rule'],
    ['assumption typo', (r) => (r.assumptions = { delivery: { minDays: 0, maxDays: 1 } }), 'unknown_field'],
    ['no source', (r) => delete r.source, 'invalid_deadline_rule'],
    ['empty section', (r) => (r.source = { act: '59-FZ', section: ' ' }), 'invalid_deadline_rule'],
    [
      'source url not http',
      (r) => (r.source = { act: '59-FZ', section: 'art. 12', url: 'javascript:alert(1)' }),
      'invalid_deadline_rule',
    ],
  ];
  for (const [name, breakIt, code] of broken) {
    const rule = good();
    breakIt(rule);
    assert.throws(() => validateDeadlineRule(rule), { code }, name);
  }
  for (const notARule of [null, 'ru-59fz', [], 42]) {
    assert.throws(() => validateDeadlineRule(notARule), { code: 'invalid_deadline_rule' }, String(notARule));
  }
});
