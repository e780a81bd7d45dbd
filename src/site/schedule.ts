// When the built site will next change with no file edited: the moment a scheduled article
// goes live, a published one leaves the news sitemap's two days or the breaking-news bar, or
// its cards stop showing the time of day. The publish workflow's
// scheduled runs read it (README, "Publishing on time") and stop in seconds while nothing is due.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleContent } from '../model.js';

/** How long an article stays in news-sitemap.xml. */
export const NEWS_WINDOW_MS = 2 * 86_400_000;

/** How long a card tells the time of day of its story, not only the date. */
export const CARD_TIME_MS = 86_400_000;

/** The file in `.midad-cache/` that holds the next moment: `EPOCH_SECONDS ISO` or `never`. */
export const NEXT_CHANGE_FILE = 'next-change';

export interface ScheduleOptions {
  drafts: boolean;
  future: boolean;
  now: Date;
}

/**
 * The first moment after `now` at which a build of the same files would publish something
 * else, or undefined when none will come. `all` is every article read, published or not.
 */
export function nextChange(all: readonly ArticleContent[], opts: ScheduleOptions): Date | undefined {
  const now = opts.now.getTime();
  let next = Infinity;
  for (const a of all) {
    if (a.draft && !opts.drafts) continue;
    const date = a.date.getTime();
    // A scheduled article goes live (with --future it is already built).
    if (date > now && !opts.future) next = Math.min(next, date);
    // A published article leaves the news sitemap.
    if (date <= now || opts.future) {
      const leaves = date + NEWS_WINDOW_MS;
      if (leaves > now) next = Math.min(next, leaves);
    }
    // Its own moments: it leaves the breaking-news bar; its cards stop telling the time of day.
    const own = [...(a.changesAt ?? []), ...(a.breakingUntil ? [a.breakingUntil] : []), ...(a.dateHasTime ? [new Date(date + CARD_TIME_MS)] : [])];
    for (const moment of own) {
      const t = moment.getTime();
      if (t > now) next = Math.min(next, t);
    }
  }
  return Number.isFinite(next) ? new Date(next) : undefined;
}

/** The file's text: whole seconds rounded up, so a run at that second finds it due. */
export function nextChangeText(next: Date | undefined): string {
  return next ? `${Math.ceil(next.getTime() / 1000)} ${next.toISOString()}\n` : 'never\n';
}

/** Writes the next moment into the cache folder, whole (temporary file, then rename), only when it changed. */
export async function saveNextChange(cacheDir: string, next: Date | undefined): Promise<void> {
  const file = path.join(cacheDir, NEXT_CHANGE_FILE);
  const text = nextChangeText(next);
  if ((await readFile(file, 'utf8').catch(() => '')) === text) return;
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}
