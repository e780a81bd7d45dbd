// Finds and reads the article files under content/articles, refusing any that lie outside
// the site root once symbolic links are followed (contract §2).

import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DiagnosticBag } from '../diagnostics.js';

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

/** Every `*.md` under content/articles, sorted by path; broken or escaping files are errors. */
export async function findArticleFiles(root: string, bag: DiagnosticBag): Promise<ArticleFile[]> {
  const realRoot = await realpath(root);
  const found: Array<{ rel: string; abs: string }> = [];
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return; // a link cycle
    visited.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const st = await stat(full).catch(() => undefined);
        isDir = st?.isDirectory() ?? false;
        isFile = st?.isFile() ?? !isDir;
      }
      if (isDir) await walk(full);
      else if (isFile && e.name.toLowerCase().endsWith('.md')) found.push({ rel: toRel(root, full), abs: full });
    }
  };
  await walk(path.join(root, ARTICLES_DIR));
  found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  const out: ArticleFile[] = [];
  await Promise.all(found.map(async (f, i) => {
    let abs: string;
    try {
      abs = await realpath(f.abs);
    } catch {
      bag.error(f.rel, 1, 1, 'unreadable-file', 'this file is a broken symbolic link');
      return;
    }
    if (!isInside(realRoot, abs)) {
      bag.error(f.rel, 1, 1, 'outside-root', 'this file links to a place outside the site root');
      return;
    }
    try {
      const st = await stat(abs);
      out[i] = { file: f.rel, abs: f.abs, real: abs, size: st.size, mtimeMs: st.mtimeMs };
    } catch (err) {
      bag.error(f.rel, 1, 1, 'unreadable-file', `cannot read this file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }));
  return out.filter(Boolean);
}

/** Path relative to the root with forward slashes, as diagnostics show it. */
export function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** Whether `abs` is `root` or inside it (both already real paths). */
export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
