// Dates in the site's timezone: parsing ISO 8601 front-matter values (a date
// without an offset is wall time in the site's timezone) and formatting instants back.

/** A parsed front-matter date: the instant, and whether the editor gave a time of day. */
export interface ParsedDate {
  instant: Date;
  hasTime: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Why a date was refused: a message id of src/messages, and the date as it should be written when that is clear. */
export interface DateError {
  error: 'date-not-iso' | 'date-day-first' | 'date-in-words' | 'date-not-calendar' | 'date-bad-time' | 'date-bad-offset';
  fixed?: string;
}

/**
 * Parses an ISO 8601 date or date-time; returns why not instead when it is not one. Digits
 * may be Arabic-Indic (٠–٩) or Persian (۰–۹), as an Arabic keyboard types them.
 */
export function parseDate(written: string, timeZone: string): ParsedDate | DateError {
  const text = westernDigits(written).trim();
  const m = ISO.exec(text);
  if (!m) return notIso(text);
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys), month = Number(mos), day = Number(ds);
  const hour = Number(hs ?? 0), minute = Number(mis ?? 0), second = Number(ss ?? 0);
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { error: 'date-not-calendar' };
  }
  if (hour > 23 || minute > 59 || second > 59) return { error: 'date-bad-time' };
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
    if (oh > 23 || om > 59) return { error: 'date-bad-offset' };
    instant = wall - sign * (oh * 60 + om) * 60_000;
  }
  return { instant: new Date(instant), hasTime: hs !== undefined };
}

/** Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits as 0–9; the Arabic date separator "/" too. */
export function westernDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10)).replace(/\u066b/g, '.');
}

/** Month names an Arabic newsroom writes (Egyptian and Levantine/Iraqi) and English ones, → 1–12. */
const MONTHS: Array<[RegExp, number]> = [
  [/^(?:يناير|كانون الثاني|jan(?:uary)?)$/i, 1], [/^(?:فبراير|شباط|feb(?:ruary)?)$/i, 2], [/^(?:مارس|آذار|اذار|mar(?:ch)?)$/i, 3],
  [/^(?:أبريل|ابريل|إبريل|نيسان|apr(?:il)?)$/i, 4], [/^(?:مايو|أيار|ايار|may)$/i, 5], [/^(?:يونيو|يونيه|حزيران|jun(?:e)?)$/i, 6],
  [/^(?:يوليو|يوليه|تموز|jul(?:y)?)$/i, 7], [/^(?:أغسطس|اغسطس|آب|اب|aug(?:ust)?)$/i, 8], [/^(?:سبتمبر|أيلول|ايلول|sep(?:t(?:ember)?)?)$/i, 9],
  [/^(?:أكتوبر|اكتوبر|تشرين الأول|تشرين الاول|oct(?:ober)?)$/i, 10], [/^(?:نوفمبر|تشرين الثاني|nov(?:ember)?)$/i, 11], [/^(?:ديسمبر|كانون الأول|كانون الاول|dec(?:ember)?)$/i, 12],
];

/** What a date that is not ISO 8601 looks like, and how to write it when that is clear. */
function notIso(text: string): DateError {
  const iso = (y: number, mo: number, d: number): string | undefined =>
    mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? `${y}-${pad(mo)}-${pad(d)}` : undefined;
  // 25/10/2025, 25-10-2025, 25.10.2025: the day first, as Arabic newsrooms write it.
  const dayFirst = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/.exec(text);
  if (dayFirst) {
    const fixed = iso(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
    return fixed ? { error: 'date-day-first', fixed } : { error: 'date-day-first' };
  }
  // 25 أكتوبر 2025, 25 تشرين الأول 2025, October 25, 2025.
  const words = /^(?:(\d{1,2})\s+([\p{L} ]+?)|([\p{L} ]+?)\s+(\d{1,2}))[\s,،]+(\d{4})$/u.exec(text);
  if (words) {
    const name = (words[2] ?? words[3]!).trim().replace(/\s+/g, ' ');
    const month = MONTHS.find(([re]) => re.test(name))?.[1];
    const fixed = month ? iso(Number(words[5]), month, Number(words[1] ?? words[4])) : undefined;
    return fixed ? { error: 'date-in-words', fixed } : { error: 'date-in-words' };
  }
  return { error: 'date-not-iso' };
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

/**
 * When a later date (an update, a correction) took place, given the article's `date`: its own
 * instant when not before it; the article's instant for a day without a time on the article's
 * own day (the editor wrote the day, not midnight); undefined when it is before the article.
 */
export function notBefore(later: { instant: Date; hasTime: boolean }, date: Date, timeZone: string): Date | undefined {
  if (later.instant.getTime() >= date.getTime()) return later.instant;
  if (later.hasTime) return undefined;
  const a = zonedParts(later.instant, timeZone);
  const b = zonedParts(date, timeZone);
  return a.year === b.year && a.month === b.month && a.day === b.day ? date : undefined;
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
