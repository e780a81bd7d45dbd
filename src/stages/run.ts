// What every stage of one build shares: the options, the diagnostics collected so far, the
// texts diagnostics point into, the statistics, and the stage timings.

import path from 'node:path';
import type { BuildOptions, BuildResult } from '../build.js';
import { DiagnosticBag } from '../diagnostics.js';
import type { SiteModel } from '../site/assemble.js';

/** midad's caches, in the site root. */
export const CACHE_DIR = '.midad-cache';

export interface BuildRun {
  readonly opts: BuildOptions;
  readonly bag: DiagnosticBag;
  /** Texts of files that diagnostics may point into (site.yml). */
  readonly sources: Map<string, string>;
  readonly stats: BuildResult['stats'];
  /** ROOT/.midad-cache (absolute). */
  readonly cacheDir: string;
  /** Runs one stage, its time added to `stats.stages[name]`. */
  stage<T>(name: string, run: () => Promise<T> | T): Promise<T>;
  /** The result of the build as it stands. */
  done(model?: SiteModel): BuildResult;
}

export function startRun(opts: BuildOptions): BuildRun {
  const started = performance.now();
  const bag = new DiagnosticBag();
  const sources = new Map<string, string>();
  const stats: BuildResult['stats'] = { articles: 0, parsed: 0, pages: 0, rendered: 0, renderThreads: 0, images: 0, imagesEncoded: 0, ms: 0, stages: {} };
  return {
    opts, bag, sources, stats,
    cacheDir: path.join(opts.root, CACHE_DIR),
    async stage(name, run) {
      const from = performance.now();
      try {
        return await run();
      } finally {
        stats.stages[name] = (stats.stages[name] ?? 0) + (performance.now() - from);
      }
    },
    done(model) {
      stats.ms = performance.now() - started;
      return { ok: !bag.hasErrors, diagnostics: bag.sorted(), sources, stats, ...(model ? { model } : {}) };
    },
  };
}
