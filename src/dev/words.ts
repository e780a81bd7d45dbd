// What `midad dev` says, in the language of the run (src/messages): its lines in the terminal
// and the words of what it shows in the browser (the error overlay, the page before a good build).

import type { BuildResult } from '../build.js';
import { t, type Lang } from '../messages/index.js';
import { WATCHED } from './watch.js';

/** The writing direction of midad's own words in a language. */
export function dirOf(lang: Lang): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** The overlay's fixed words and direction, built into the browser script. */
export interface OverlayText {
  lang: Lang;
  dir: 'rtl' | 'ltr';
  close: string;
  note: string;
  /** The severities' names: the terminal keeps them in English for tools, the overlay is read by people. */
  error: string;
  warning: string;
}

export function overlayText(lang: Lang): OverlayText {
  return { lang, dir: dirOf(lang), close: t(lang, 'dev-overlay-close'), note: t(lang, 'dev-overlay-note'), error: t(lang, 'dev-overlay-error'), warning: t(lang, 'dev-overlay-warning') };
}

/** The overlay's heading: how many errors the last build had. */
export function overlayTitle(errors: number, lang: Lang): string {
  return t(lang, 'dev-overlay-title', { errors: t(lang, 'count-errors', { n: errors }) });
}

/** `content/ and templates/`, as the language joins a list. */
export function watchedFolders(lang: Lang): string {
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(WATCHED.map((d) => `${d}/`));
}

/** Why the server could not listen on `host:port`. */
export function listenProblem(err: NodeJS.ErrnoException, port: number, host: string, lang: Lang): string {
  if (err.code === 'EADDRINUSE') return t(lang, 'dev-port-in-use', { port, host });
  if (err.code === 'EACCES') return t(lang, 'dev-port-privileged', { port, host });
  return t(lang, 'dev-cannot-listen', { port, host, reason: err.message });
}

/** The line after a good build: what was built (the first), or what change it followed. */
export function summaryLine(result: BuildResult, changed: string[], verbose: boolean, lang: Lang): string {
  const s = result.stats;
  const time = s.ms < 1000 ? `${Math.round(s.ms)} ms` : `${(s.ms / 1000).toFixed(2)} s`;
  const files = s.files ? t(lang, 'dev-files', s.files) : '';
  if (!changed.length) {
    const counts = { articles: t(lang, 'count-articles', { n: s.articles }), pages: t(lang, 'count-pages', { n: s.pages }), images: t(lang, 'count-images', { n: s.images }) };
    return `midad dev: ${t(lang, 'dev-built', { ...counts, time, files })}`;
  }
  const what = changed.length === 1 || verbose ? changed.join(', ') : t(lang, 'dev-and-more', { first: changed[0]!, more: changed.length - 1 });
  return `midad dev: ${t(lang, 'dev-rebuilt', { what, time, files })}`;
}

/** What is shown for a missing page, also before the first good build. */
export function fallbackPage(failed: boolean, lang: Lang): string {
  const text = t(lang, failed ? 'dev-no-build-yet' : 'dev-not-found');
  return `<!DOCTYPE html>\n<html lang="${lang}" dir="${dirOf(lang)}"><head><meta charset="utf-8"><title>midad dev</title></head>\n<body><h1>midad dev</h1><p>${text}</p></body></html>\n`;
}
