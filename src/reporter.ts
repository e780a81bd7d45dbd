// What a person reads in the terminal: a progress line on a TTY for long
// steps, a short summary after each build, each step's time with --verbose, nothing but
// errors with --quiet, and no colour when NO_COLOR is set or the output is not a TTY.

import type { BuildResult } from './build.js';
import { render, t, type Lang, type MessageId } from './messages/index.js';
import type { HeldBack } from './site/held.js';

export interface Reporter {
  /** A build's step advanced: `done` of `total` (0 when the total is not known). */
  progress: (step: string, done: number, total: number) => void;
  /** The build is over: clears the progress line (and, with --verbose, reports the last step). */
  endProgress: () => void;
  /** The summary line (stdout); with --verbose also where the work went. */
  summary: (command: string, result: BuildResult, out: string) => void;
}

/** Where a reporter writes: process.stdout and process.stderr, or stand-ins in tests. */
export interface ReporterStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ReporterOptions {
  quiet: boolean;
  verbose: boolean;
  stdout?: ReporterStream;
  stderr?: ReporterStream;
  /** The language of the messages (default English). */
  lang?: Lang;
  /** The environment, for NO_COLOR (default process.env). */
  env?: Record<string, string | undefined>;
}

/** Colour only for a terminal, and never when NO_COLOR is set to anything but "" (no-color.org). */
export function useColour(stream: ReporterStream, env: Record<string, string | undefined>): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

export function createReporter(opts: ReporterOptions): Reporter {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const env = opts.env ?? process.env;
  const lang = opts.lang ?? 'en';
  const tty = Boolean(stderr.isTTY) && !opts.quiet;
  const bold = (s: string): string => (useColour(stdout, env) ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (useColour(stdout, env) ? `\x1b[2m${s}\x1b[22m` : s);
  let shown = false;
  let last = 0;
  let step: { name: string; started: number; done: number } | undefined;

  const clearLine = (): void => {
    if (shown) stderr.write('\r\x1b[2K');
    shown = false;
  };
  const finishStep = (): void => {
    if (step && opts.verbose && !opts.quiet) {
      clearLine();
      stdout.write(dim(`  ${t(lang, 'verbose-step', { step: stepName(step.name, lang), n: step.done, time: seconds(performance.now() - step.started) })}`) + '\n');
    }
    step = undefined;
  };

  return {
    progress(name, done, total) {
      const now = performance.now();
      if (step?.name !== name) {
        finishStep();
        step = { name, started: now, done: 0 };
        last = 0;
      }
      step.done = done;
      if (!tty) return;
      if (now - last < 100 && done !== total) return;
      last = now;
      const elapsed = (now - step.started) / 1000;
      const count = total ? `${done}/${total}` : String(done);
      const rate = elapsed > 0.2 ? ` (${(done / elapsed).toFixed(0)}/s)` : '';
      stderr.write(`\r\x1b[2K${stepName(name, lang)}: ${count}${rate}`);
      shown = true;
    },
    endProgress() {
      finishStep();
      clearLine();
    },
    summary(command, result, out) {
      if (opts.quiet) return;
      const s = result.stats;
      const secs = seconds(s.ms);
      const counts = { articles: t(lang, 'count-articles', { n: s.articles }), pages: t(lang, 'count-pages', { n: s.pages }), images: t(lang, 'count-images', { n: s.images }), time: secs };
      if (command === 'check') {
        stdout.write(`${bold('midad check')}: ${t(lang, 'summary-check', counts)}\n`);
      } else {
        const files = s.files ? t(lang, 'summary-files', s.files) : '';
        stdout.write(`${bold('midad build')}: ${t(lang, 'summary-build', { ...counts, encoded: s.imagesEncoded, out })}${files}\n`);
      }
      if (s.held) for (const line of heldLines(s.held, lang)) stdout.write(`  ${line}\n`);
      if (!opts.verbose) return;
      if (s.upToDate) {
        stdout.write(dim(`  ${t(lang, 'summary-up-to-date')}`) + '\n');
        return;
      }
      const lines = [
        t(lang, 'verbose-articles', { n: s.articles, parsed: t(lang, 'count-files', { n: s.parsed }) }),
        t(lang, 'verbose-pages', { n: s.pages, rendered: s.rendered, unchanged: s.pages - s.rendered }),
        t(lang, 'verbose-images', { n: s.images, encoded: s.imagesEncoded, cached: s.images - s.imagesEncoded }),
        ...(s.search ? [t(lang, 'verbose-search', { detail: render(s.search, lang) })] : []),
        t(lang, 'verbose-time', { detail: Object.entries(s.stages).map(([stage, ms]) => `${stepName(stage, lang)} ${seconds(ms)}`).join(', ') }),
      ];
      const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
      if (warnings) lines.push(t(lang, 'verbose-warnings', { n: warnings }));
      for (const l of lines) stdout.write(dim(`  ${l}`) + '\n');
    },
  };
}

/** The drafts and scheduled articles held back (or included), one line each; none when there are none. */
export function heldLines(held: HeldBack, lang: Lang): string[] {
  const out: string[] = [];
  if (held.drafts) out.push(held.draftsIncluded ? t(lang, 'included-drafts', { n: held.drafts }) : t(lang, 'held-drafts', { n: held.drafts, flag: true }));
  if (held.scheduled.length && held.scheduledIncluded) out.push(t(lang, 'included-scheduled', { n: held.scheduled.length }));
  else if (held.scheduled.length) {
    out.push(t(lang, 'held-scheduled', { n: held.scheduled.length }));
    for (const s of held.scheduled) out.push(`  ${t(lang, 'held-scheduled-item', s)}`);
  }
  return out;
}

/** The build's steps and stages (src/build.ts) in words; one not named here shows as it is. */
const STEPS: Record<string, MessageId> = {
  site: 'step-site', find: 'step-find', parse: 'step-parse', articles: 'step-articles', assemble: 'step-assemble',
  assets: 'step-assets', images: 'step-images', pages: 'step-pages', 'feeds+sitemaps+search': 'step-discovery', commit: 'step-commit',
};

function stepName(step: string, lang: Lang): string {
  const id = STEPS[step];
  return id ? render({ id }, lang) : step;
}

/** `1 article`, `2 articles`. */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `0.42 s`: what a person reads, to the hundredth. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
