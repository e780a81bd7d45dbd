// What a build or a check held back, so that nothing vanishes without a word: the drafts, and
// the scheduled articles with the time each is due in the site's timezone.

import { isoInZone } from '../content/dates.js';
import type { ArticleContent } from '../model.js';

export interface HeldBack {
  /** Drafts not published (without --drafts), or included (with it). */
  drafts: number;
  /** Scheduled articles, oldest due first; `due` is "YYYY-MM-DD HH:MM (±HH:MM Zone)". */
  scheduled: Array<{ file: string; due: string }>;
  /** True when --drafts or --future put them in the site instead. */
  draftsIncluded: boolean;
  scheduledIncluded: boolean;
}

export function heldBack(articles: readonly ArticleContent[], opts: { drafts: boolean; future: boolean; now: Date }, timeZone: string): HeldBack {
  const drafts = articles.filter((a) => a.draft);
  // A draft dated in the future is a draft first: it is listed once, with the drafts.
  const scheduled = articles
    .filter((a) => !a.draft && a.date.getTime() > opts.now.getTime())
    .sort((a, b) => a.date.getTime() - b.date.getTime() || (a.file < b.file ? -1 : 1));
  return {
    drafts: drafts.length,
    scheduled: scheduled.map((a) => ({ file: a.file, due: dueTime(a.date, timeZone) })),
    draftsIncluded: opts.drafts,
    scheduledIncluded: opts.future,
  };
}

/** `2026-03-02 09:00 (+03:00 Asia/Baghdad)`: what an editor reads, in the site's own time. */
function dueTime(instant: Date, timeZone: string): string {
  const iso = isoInZone(instant, timeZone);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  return m ? `${m[1]} ${m[2]} (${m[3] === 'Z' ? '+00:00' : m[3]} ${timeZone})` : iso;
}
