// Dates in the site's timezone: parsing ISO 8601 front-matter values (contract §2: a date
// without an offset is wall time in the site's timezone) and formatting instants back.

/** A parsed front-matter date: the instant, and whether the editor gave a time of day. */
export interface ParsedDate {
  instant: Date;
  hasTime: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Parses an ISO 8601 date or date-time; returns an error message instead when it is not one. */
export function parseDate(text: string, timeZone: string): ParsedDate | { error: string } {
  const m = ISO.exec(text.trim());
  if (!m) return { error: `"${text}" is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][±HH:MM])` };
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys), month = Number(mos), day = Number(ds);
  const hour = Number(hs ?? 0), minute = Number(mis ?? 0), second = Number(ss ?? 0);
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { error: `"${text}" is not a calendar date` };
  }
  if (hour > 23 || minute > 59 || second > 59) return { error: `"${text}" has an invalid time of day` };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  let instant: number;
  if (zone === undefined) {
    instant = wallTimeToInstant(wall, timeZone);
  } else if (zone === 'Z' || zone === 'z') {
    instant = wall;
  } else {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2) || 0);
    if (oh > 23 || om > 59) return { error: `"${text}" has an invalid UTC offset` };
    instant = wall - sign * (oh * 60 + om) * 60_000;
  }
  return { instant: new Date(instant), hasTime: hs !== undefined };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partFormatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a timezone. */
export interface ZonedParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** Offset from UTC in minutes (east positive). */
  offsetMinutes: number;
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const t = instant.getTime();
  const offsetMinutes = offsetAt(t, timeZone);
  const wall = new Date(t + offsetMinutes * 60_000);
  return {
    year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
    hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(), offsetMinutes,
  };
}

/** Per timezone: quarter hour → offset, and UTC day → its offset when the offset held all day (NaN: it changed that day). */
const offsetCache = new Map<string, { quarters: Map<number, number>; days: Map<number, number> }>();

/**
 * The zone's UTC offset at an instant, in minutes. Offsets change only on quarter hours and at
 * most once a day, so they are cached per day when the day starts and ends with the same offset,
 * else per quarter hour: dating 10,000 articles costs one Intl call per day they fall on, or fewer.
 */
function offsetAt(t: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = { quarters: new Map(), days: new Map() }));
  const day = Math.floor(t / 86_400_000);
  let whole = zone.days.get(day);
  if (whole === undefined) {
    const start = quarterOffset(day * 96, timeZone, zone.quarters);
    whole = start === quarterOffset((day + 1) * 96, timeZone, zone.quarters) ? start : NaN;
    if (zone.days.size > 100_000) zone.days.clear();
    zone.days.set(day, whole);
  }
  return Number.isNaN(whole) ? quarterOffset(Math.floor(t / 900_000), timeZone, zone.quarters) : whole;
}

/** The offset during one quarter hour (numbered from the epoch). */
function quarterOffset(bucket: number, timeZone: string, cache: Map<number, number>): number {
  let offset = cache.get(bucket);
  if (offset === undefined) {
    const start = bucket * 900_000;
    const p: Record<string, number> = {};
    for (const part of partsFormatter(timeZone).formatToParts(new Date(start))) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
    offset = Math.round((wall - start) / 60_000);
    if (cache.size > 100_000) cache.clear();
    cache.set(bucket, offset);
  }
  return offset;
}

/** The instant at which the wall clock in `timeZone` shows `wall` (given as a UTC timestamp of those fields). */
function wallTimeToInstant(wall: number, timeZone: string): number {
  let guess = wall - zonedParts(new Date(wall), timeZone).offsetMinutes * 60_000;
  const second = wall - zonedParts(new Date(guess), timeZone).offsetMinutes * 60_000;
  // Around a DST change the offset at the guess differs; the second pass settles it.
  if (second !== guess) guess = second;
  return guess;
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** `±HH:MM` for an offset in minutes. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** RFC 3339 / ISO 8601 with the site timezone's offset, e.g. `2026-01-24T09:30:00+03:00`. */
export function isoInZone(instant: Date, timeZone: string): string {
  const z = zonedParts(instant, timeZone);
  return `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}${formatOffset(z.offsetMinutes)}`;
}

/** Whether a string names an IANA timezone this Node.js knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
