// Watches the site's sources (content/ and templates/) with chokidar and reports changes
// in batches: a save touches a file several times (and some editors write a temporary file,
// then rename it), so changes are gathered until the files are quiet for `debounceMs`.

import chokidar from 'chokidar';
import path from 'node:path';

export interface SiteWatcher {
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Absolute site root. */
  root: string;
  /** Quiet time after the last change before `onChange` is called, in milliseconds. */
  debounceMs: number;
  /** Called with the changed paths (relative to the root, forward slashes), in the order seen. */
  onChange: (files: string[]) => void;
  onError: (err: Error) => void;
}

/** The folders a rebuild depends on, relative to the site root. */
export const WATCHED = ['content', 'templates'];

/** Editor droppings that are never part of the site: swap and backup files, dot files. */
export function isIgnored(file: string): boolean {
  const base = path.basename(file);
  return base.startsWith('.') || base.endsWith('~') || /\.(?:swp|swx|swo|tmp|crdownload)$/i.test(base) || base === '4913';
}

/** Starts watching; resolves once the watcher is ready (changes after that are reported). */
export async function watchSite(opts: WatchOptions): Promise<SiteWatcher> {
  const watcher = chokidar.watch(WATCHED.map((d) => path.join(opts.root, d)), {
    ignoreInitial: true,
    ignored: (file: string) => file !== opts.root && isIgnored(file),
    disableGlobbing: true,
  });
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const files = pending;
    pending = [];
    if (files.length) opts.onChange(files);
  };
  watcher.on('all', (event, file) => {
    if (event === 'addDir') return; // an empty folder changes nothing; its files come as `add`
    const rel = path.relative(opts.root, file).split(path.sep).join('/');
    if (!pending.includes(rel)) pending.push(rel);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, opts.debounceMs);
  });
  watcher.on('error', (err) => opts.onError(err as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
