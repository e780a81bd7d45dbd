// Finds and reads the article files under content/articles, refusing any that lie outside
// the site root once symbolic links are followed.

import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';

export const ARTICLES_DIR = 'content/articles';

/** An article file found on disk, not yet read. */
export interface ArticleFile {
  /** Path relative to the site root, forward slashes. */
  file: string;
  /** Absolute path as found (links not followed), the base for relative references. */
  abs: string;
  /** Absolute real path, to read from. */
  real: string;
  size: number;
  mtimeMs: number;
}

/**
 * Every `*.md` under content/articles, sorted by path; broken or escaping files are errors.
 * Synchronous file-system calls on purpose: they cost microseconds each from the cache, and a
 * rebuild of a large archive asks tens of thousands of them before it knows what changed.
 */
export async function findArticleFiles(root: string, bag: DiagnosticBag): Promise<ArticleFile[]> {
  const realRoot = realpathSync(root);
  // `problem`: why a `.md` entry cannot be read as an article (the link is broken or loops,
  // or it is a named pipe, socket or device, which would block or mean nothing if opened).
  const found: Array<{ rel: string; abs: string; real: string | undefined; problem?: 'broken-symlink' | 'symlink-loop' | 'not-a-file' }> = [];
  const visited = new Set<string>();
  // `real` is the folder's real path; a file below no symbolic link is its own real path.
  // Paths are joined by hand below the articles folder (already absolute and normalised, and a
  // folder entry's name has no separator): path.join and path.relative for each of 10,000 files
  // were a tenth of a second of every rebuild.
  const walk = (dir: string, rel: string, real: string, viaLink: boolean): void => {
    if (visited.has(real)) return; // a link cycle
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      // A folder that vanished meanwhile holds nothing; one that cannot be read hides articles.
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'ENOENT') bag.error(rel, 1, 1, 'unreadable-folder', msg('unreadable-folder', { code }));
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = dir + path.sep + e.name;
      const fullRel = `${rel}/${e.name}`;
      if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch (err) {
          const problem = (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'symlink-loop' : 'broken-symlink';
          if (e.name.toLowerCase().endsWith('.md')) found.push({ rel: fullRel, abs: full, real: undefined, problem });
          continue;
        }
        const st = statSync(target, { throwIfNoEntry: false });
        if (st?.isDirectory()) walk(full, fullRel, target, true);
        else if (e.name.toLowerCase().endsWith('.md')) found.push({ rel: fullRel, abs: full, real: target, ...(st?.isFile() ? {} : { problem: 'not-a-file' as const }) });
      } else if (e.isDirectory()) {
        walk(full, fullRel, real + path.sep + e.name, viaLink);
      } else if (e.name.toLowerCase().endsWith('.md')) {
        const realFile = viaLink ? realpathSync(full) : real + path.sep + e.name;
        found.push({ rel: fullRel, abs: full, real: realFile, ...(e.isFile() ? {} : { problem: 'not-a-file' as const }) });
      }
    }
  };
  const articlesDir = path.join(root, ARTICLES_DIR);
  let articlesReal: string | undefined;
  try {
    articlesReal = realpathSync(articlesDir);
  } catch {
    articlesReal = undefined;
  }
  if (articlesReal) walk(articlesDir, ARTICLES_DIR, articlesReal, articlesReal !== path.join(realRoot, ARTICLES_DIR));
  found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  const out: ArticleFile[] = [];
  for (const f of found) {
    if (f.problem === 'not-a-file') {
      bag.error(f.rel, 1, 1, 'not-a-file', msg('not-a-file'));
      continue;
    }
    if (f.real === undefined) {
      bag.error(f.rel, 1, 1, 'unreadable-file', msg(f.problem === 'symlink-loop' ? 'symlink-loop' : 'broken-symlink'));
      continue;
    }
    if (!isInside(realRoot, f.real)) {
      bag.error(f.rel, 1, 1, 'outside-root', msg('outside-root'));
      continue;
    }
    try {
      const st = statSync(f.real);
      out.push({ file: f.rel, abs: f.abs, real: f.real, size: st.size, mtimeMs: st.mtimeMs });
    } catch (err) {
      bag.error(f.rel, 1, 1, 'unreadable-file', msg('unreadable-file', { code: (err as NodeJS.ErrnoException).code ?? 'error' }));
    }
  }
  return out;
}

/** Path relative to the root with forward slashes, as diagnostics show it. */
export function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** Whether `abs` is `root` or inside it (both already real paths). */
export function isInside(root: string, abs: string): boolean {
  if (abs.startsWith(root + path.sep) && !abs.includes(`${path.sep}..`)) return true;
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
