// What a person reads in the terminal: a progress line on a TTY for long steps, a short
// summary after each build, no colour when NO_COLOR is set or the output is not a TTY.

import type { BuildResult } from './build.js';

export interface Reporter {
  progress: (step: string, done: number, total: number) => void;
  endProgress: () => void;
  summary: (command: string, result: BuildResult, out: string) => void;
}

export function createReporter(opts: { quiet: boolean; verbose: boolean }): Reporter {
  const tty = Boolean(process.stderr.isTTY) && !opts.quiet;
  const colour = tty && !process.env.NO_COLOR;
  const started = performance.now();
  let shown = false;
  let last = 0;
  const bold = (s: string): string => (colour ? `\x1b[1m${s}\x1b[22m` : s);
  return {
    progress(step, done, total) {
      if (!tty) return;
      const now = performance.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      const rate = done / ((now - started) / 1000);
      const count = total ? `${done}/${total}` : String(done);
      process.stderr.write(`\r\x1b[2K${step}: ${count} (${rate.toFixed(0)}/s)`);
      shown = true;
    },
    endProgress() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
    summary(command, result, out) {
      if (opts.quiet) return;
      const s = result.stats;
      const secs = (s.ms / 1000).toFixed(2);
      if (command === 'check') {
        process.stdout.write(`${bold('midad check')}: ${s.articles} articles, ${s.pages} pages, ${s.images} images: no errors (${secs} s)\n`);
        return;
      }
      const files = s.files ? `; files: ${s.files.written} written, ${s.files.unchanged} unchanged, ${s.files.removed} removed` : '';
      process.stdout.write(`${bold('midad build')}: ${s.articles} articles, ${s.pages} pages, ${s.images} images (${s.imagesEncoded} encoded) → ${out} in ${secs} s${files}\n`);
    },
  };
}
