// Dates: ISO 8601; without an offset a date is in the site's timezone; a date
// without a time is midnight there; the URL day is the day in the site's timezone.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatOffset, isoInZone, isValidTimeZone, parseDate, zonedParts } from '../../src/content/dates.js';
import { permalinkOf } from '../../src/site/assemble.js';
import type { Site } from '../../src/model.js';

const BAGHDAD = 'Asia/Baghdad';

/** parseDate that fails the test on an error. */
function instant(text: string, zone: string): string {
  const r = parseDate(text, zone);
  assert.ok(!('error' in r), `${text}: ${'error' in r ? r.error : ''}`);
  return (r as { instant: Date }).instant.toISOString();
}

describe('parseDate: valid dates', () => {
  const cases: Array<[input: string, zone: string, utc: string, hasTime: boolean]> = [
    // No offset: the site's timezone.
    ['2026-01-24T09:30:00', BAGHDAD, '2026-01-24T06:30:00.000Z', true],
    ['2026-01-24T09:30', BAGHDAD, '2026-01-24T06:30:00.000Z', true],
    ['2026-01-24 09:30:00', BAGHDAD, '2026-01-24T06:30:00.000Z', true],
    ['2026-01-24T09:30:00', 'UTC', '2026-01-24T09:30:00.000Z', true],
    ['2026-01-24T09:30:00', 'Asia/Kolkata', '2026-01-24T04:00:00.000Z', true],
    // Daylight saving time in the site's zone: summer and winter offsets.
    ['2026-07-01T08:00:00', 'America/New_York', '2026-07-01T12:00:00.000Z', true],
    ['2026-01-15T08:00:00', 'America/New_York', '2026-01-15T13:00:00.000Z', true],
    // Z and explicit offsets win over the site's timezone.
    ['2026-01-24T09:30:00Z', BAGHDAD, '2026-01-24T09:30:00.000Z', true],
    ['2026-01-24T09:30:00+03:00', 'UTC', '2026-01-24T06:30:00.000Z', true],
    ['2026-01-24T09:30:00+05:30', BAGHDAD, '2026-01-24T04:00:00.000Z', true],
    ['2026-01-24T09:30:00-04:00', BAGHDAD, '2026-01-24T13:30:00.000Z', true],
    ['2026-01-24T09:30:00+0300', 'UTC', '2026-01-24T06:30:00.000Z', true],
    ['2026-01-24T09:30:00.250Z', BAGHDAD, '2026-01-24T09:30:00.250Z', true],
    // Date only: midnight in the site's timezone.
    ['2026-01-24', BAGHDAD, '2026-01-23T21:00:00.000Z', false],
    ['2026-01-24', 'UTC', '2026-01-24T00:00:00.000Z', false],
    ['2026-01-01', 'Pacific/Kiritimati', '2025-12-31T10:00:00.000Z', false],
    ['2026-01-01', 'America/Los_Angeles', '2026-01-01T08:00:00.000Z', false],
    // Leap day.
    ['2024-02-29', 'UTC', '2024-02-29T00:00:00.000Z', false],
    // Surrounding white space.
    [' 2026-01-24 ', 'UTC', '2026-01-24T00:00:00.000Z', false],
  ];
  for (const [input, zone, utc, hasTime] of cases) {
    test(`${input} in ${zone} → ${utc}`, () => {
      const r = parseDate(input, zone);
      assert.ok(!('error' in r), 'error' in r ? r.error : '');
      assert.equal((r as { instant: Date }).instant.toISOString(), utc);
      assert.equal((r as { hasTime: boolean }).hasTime, hasTime);
    });
  }
});

describe('parseDate: invalid dates are errors, not guesses', () => {
  const bad = [
    '2026-02-30', // no such day
    '2025-02-29', // not a leap year
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-24T25:00',
    '2026-01-24T24:00:00',
    '2026-01-24T23:60',
    '2026-01-24T23:59:60',
    '2026-01-24T09:30:00+25:00',
    '24/01/2026',
    '2026-1-5',
    '2026/01/24',
    'yesterday',
    '',
    '2026-01-24T',
    '2026-01-24T09:30:00 Baghdad',
  ];
  for (const input of bad) {
    test(JSON.stringify(input), () => {
      const r = parseDate(input, BAGHDAD);
      assert.ok('error' in r, `expected an error, got ${'instant' in r ? r.instant.toISOString() : ''}`);
      assert.equal(typeof r.error, 'string');
      assert.ok(r.error.length > 0);
    });
  }
});

describe('isoInZone and zonedParts', () => {
  const cases: Array<[utc: string, zone: string, iso: string]> = [
    ['2026-01-24T06:30:00Z', BAGHDAD, '2026-01-24T09:30:00+03:00'],
    ['2026-01-23T21:00:00Z', BAGHDAD, '2026-01-24T00:00:00+03:00'],
    ['2026-01-24T06:30:00Z', 'UTC', '2026-01-24T06:30:00+00:00'],
    ['2026-01-24T06:30:00Z', 'Asia/Kolkata', '2026-01-24T12:00:00+05:30'],
    ['2026-07-01T12:00:00Z', 'America/New_York', '2026-07-01T08:00:00-04:00'],
    ['2026-01-15T13:00:00Z', 'America/New_York', '2026-01-15T08:00:00-05:00'],
    ['2026-01-01T00:00:00Z', 'Asia/Kathmandu', '2026-01-01T05:45:00+05:45'],
    ['2026-12-31T23:59:59Z', BAGHDAD, '2027-01-01T02:59:59+03:00'],
  ];
  for (const [utc, zone, iso] of cases) {
    test(`${utc} in ${zone} → ${iso}`, () => {
      assert.equal(isoInZone(new Date(utc), zone), iso);
    });
  }

  test('zonedParts gives the wall clock and the offset in minutes', () => {
    assert.deepEqual(zonedParts(new Date('2026-01-23T22:30:00Z'), BAGHDAD), {
      year: 2026, month: 1, day: 24, hour: 1, minute: 30, second: 0, offsetMinutes: 180,
    });
    assert.equal(zonedParts(new Date('2026-07-01T12:00:00Z'), 'America/New_York').offsetMinutes, -240);
  });

  test('offsets are right through every DST change of a year, in zones that move by an hour, half an hour, and twice in a month', () => {
    // Intl's own offset ("GMT+3", "GMT-4:30"), asked afresh for each instant: what the cached offsets must equal.
    const intlOffset = (t: number, zone: string): number => {
      const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')!.value;
      const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name)!;
      return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    };
    // Beirut and New York (an hour), Lord Howe (half an hour), Casablanca (out of and back into its offset around Ramadan), Tehran (no DST since 2022).
    for (const zone of ['Asia/Beirut', 'America/New_York', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Asia/Tehran']) {
      const year = zone === 'Asia/Tehran' ? 2021 : 2026;
      let wrong = 0;
      let checked = 0;
      // Every 37 minutes through the year: every quarter hour's place in a day comes up.
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 37 * 60_000) {
        checked++;
        if (zonedParts(new Date(t), zone).offsetMinutes !== intlOffset(t, zone)) wrong++;
      }
      assert.equal(wrong, 0, `${zone}: ${wrong} of ${checked} instants with the wrong offset`);
    }
  });

  test('formatOffset', () => {
    assert.equal(formatOffset(180), '+03:00');
    assert.equal(formatOffset(0), '+00:00');
    assert.equal(formatOffset(-240), '-04:00');
    assert.equal(formatOffset(330), '+05:30');
    assert.equal(formatOffset(-570), '-09:30');
  });

  test('a parsed date prints back as written when the zone matches', () => {
    for (const s of ['2026-01-24T09:30:00+03:00', '2026-01-24T00:00:00+03:00', '2026-01-24T23:59:59+03:00']) {
      const r = parseDate(s, 'UTC') as { instant: Date };
      assert.equal(isoInZone(r.instant, BAGHDAD), s);
    }
  });

  test('isValidTimeZone', () => {
    assert.equal(isValidTimeZone('Asia/Baghdad'), true);
    assert.equal(isValidTimeZone('UTC'), true);
    assert.equal(isValidTimeZone('Asia/Bagdad'), false);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
  });
});

describe('URL day: the date in the site timezone, not UTC', () => {
  const site = { timezone: BAGHDAD, permalink: '/articles/{yyyy}/{mm}/{dd}/{slug}/' } as Site;
  const section = { slug: 'security', name: 'أمن' };
  const link = (date: string, zone = BAGHDAD): string =>
    permalinkOf({ ...site, timezone: zone }, { date: new Date(instant(date, zone)), slug: 'x', section });

  test('00:30 in Baghdad is the previous day in UTC; the URL keeps the Baghdad day', () => {
    assert.equal(instant('2026-01-24T00:30:00', BAGHDAD), '2026-01-23T21:30:00.000Z');
    assert.equal(link('2026-01-24T00:30:00'), '/articles/2026/01/24/x/');
  });

  test('22:30Z is already the next day in Baghdad', () => {
    assert.equal(link('2026-01-24T22:30:00Z'), '/articles/2026/01/25/x/');
    assert.equal(link('2026-01-24T22:30:00Z', 'UTC'), '/articles/2026/01/24/x/');
  });

  test('20:59Z is still the same day in Baghdad; 21:00Z is the next', () => {
    assert.equal(link('2026-01-24T20:59:59Z'), '/articles/2026/01/24/x/');
    assert.equal(link('2026-01-24T21:00:00Z'), '/articles/2026/01/25/x/');
  });

  test('a date without a time keeps its day in every timezone', () => {
    for (const zone of [BAGHDAD, 'UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Pacific/Pago_Pago']) {
      assert.equal(link('2026-01-24', zone), '/articles/2026/01/24/x/', zone);
    }
  });

  test('new year near midnight', () => {
    assert.equal(link('2026-12-31T22:00:00Z'), '/articles/2027/01/01/x/');
  });

  test('{section} and Arabic slugs are placed as they are', () => {
    const s = { ...site, permalink: '/{section}/{yyyy}/{slug}/' };
    assert.equal(permalinkOf(s, { date: new Date('2026-01-24T06:30:00Z'), slug: 'شراكة', section }), '/security/2026/شراكة/');
  });
});
