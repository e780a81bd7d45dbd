// What a reader sees of dates and numbers: in the site's language, timezone and digits
// (`digits: arab` applies to every date, count and page number).

import type { Site } from '../model.js';
import { uiStrings, type PluralForms } from './i18n.js';

/** Formatting bound to one site; Intl objects are built once and reused. */
export interface Formatter {
  number(n: number): string;
  /** The date, e.g. "24 يناير 2026". */
  date(d: Date): string;
  /** The date with the time of day, e.g. "24 يناير 2026، 09:30". */
  dateTime(d: Date): string;
  /** A count in the right plural form, `{n}` replaced by the number in the site's digits. */
  plural(forms: PluralForms, n: number): string;
  /** Replaces `{name}` placeholders. */
  fill(template: string, values: Record<string, string | number>): string;
  /** Reading time for a word count at an Arabic reading speed. */
  readingTime(words: number): string;
}

/** Words a minute: Arabic readers on screen average about 180 (the figure). */
export const WORDS_PER_MINUTE = 180;

export function createFormatter(site: Site): Formatter {
  // The numbering system is set explicitly: `ar` alone gives Arabic-Indic or Latin digits
  // depending on the ICU build and region.
  // Gregorian dates and the site's digits, whatever extensions the language tag carries
  // (`ar-u-nu-latn`, `ar-x-iq`: appended as text they made an invalid tag, or were ignored).
  const locale = new Intl.Locale(site.language, { calendar: 'gregory', numberingSystem: site.digits }).toString();
  const num = new Intl.NumberFormat(locale, { useGrouping: true });
  const plainNum = new Intl.NumberFormat(locale, { useGrouping: false });
  const dateFmt = new Intl.DateTimeFormat(locale, { timeZone: site.timezone, day: 'numeric', month: 'long', year: 'numeric' });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeZone: site.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const rules = new Intl.PluralRules(site.language);
  const strings = uiStrings(site.language);
  const fill = (template: string, values: Record<string, string | number>): string =>
    template.replace(/\{(\w+)\}/g, (m, k: string) => {
      const v = values[k];
      return v === undefined ? m : typeof v === 'number' ? plainNum.format(v) : v;
    });
  const plural = (forms: PluralForms, n: number): string => {
    const form = n === 0 && forms.zero ? forms.zero : (forms[rules.select(n)] ?? forms.other);
    return form.replace('{n}', num.format(n));
  };
  const separator = site.language.startsWith('ar') ? '، ' : ', ';
  return {
    number: (n) => num.format(n),
    date: (d) => dateFmt.format(d),
    dateTime: (d) => `${dateFmt.format(d)}${separator}${timeFmt.format(d)}`,
    plural,
    fill,
    readingTime: (words) => plural(strings.readingTime, Math.max(1, Math.round(words / WORDS_PER_MINUTE))),
  };
}
