// Where an image reference points (contract §2): a file inside the site root, also after
// following symbolic links. URLs and absolute paths are refused before the file system is
// touched, so nothing is ever fetched from another host.

import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../content/load.js';
import { didYouMean } from '../diagnostics.js';
import type { ImageRef } from '../model.js';
import { type Problem, problem, unsupportedSvgProblem } from './problems.js';

/** A reference's file, found: its real path and what the cache index compares. */
export interface ResolvedFile {
  real: string;
  size: number;
  mtimeMs: number;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Checks a reference and finds its file; `realRoot` is the site root's real path. */
export async function resolveImage(ref: ImageRef, root: string, realRoot: string): Promise<ResolvedFile | Problem> {
  const src = ref.src.trim();
  if (src === '') return problem('image-not-found', () => 'image src is empty');
  if (URL_SCHEME.test(src) || src.startsWith('//')) {
    return problem('image-url', (s) => `image "${s}" is a URL: images must be files inside the site (nothing is fetched from other hosts)`);
  }
  if (src.startsWith('/') || src.startsWith('\\') || path.isAbsolute(src)) {
    return problem('image-absolute-path', (s) => `image path "${s}" is absolute: write it relative to the article file`);
  }
  if (!isInside(path.resolve(root), ref.path)) {
    return problem('image-outside-root', (s) => `image "${s}" is outside the site root`);
  }
  if (/\.svgz?$/i.test(ref.path)) return unsupportedSvgProblem();

  let real: string;
  try {
    real = await realpath(ref.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return problem('image-unreadable', (s) => `cannot read image "${s}" (${code ?? 'error'})`);
    // The same name in another Unicode form: a file saved on a Mac or taken from a zip has its
    // Arabic letters decomposed (NFD) where the article's text has them composed (NFC).
    const other = await sameNameOtherForm(ref.path);
    const found = other ? await realpath(other).catch(() => undefined) : undefined;
    if (!found) return notFound(ref.path);
    real = found;
  }
  if (!isInside(realRoot, real)) {
    return problem('image-outside-root', (s) => `image "${s}" links to a file outside the site root`);
  }
  if (/\.svgz?$/i.test(real)) return unsupportedSvgProblem();
  try {
    const st = await stat(real);
    if (!st.isFile()) return problem('image-not-image', (s) => `image "${s}" is a folder, not an image file`);
    return { real, size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem('image-unreadable', (s) => `cannot read image "${s}" (${code ?? 'error'})`);
  }
}

/** A file in the same folder whose name is this one in another Unicode normalization form. */
async function sameNameOtherForm(abs: string): Promise<string | undefined> {
  const name = path.basename(abs).normalize('NFC');
  const names = await readdir(path.dirname(abs)).catch(() => [] as string[]);
  const match = names.find((n) => n.normalize('NFC') === name);
  return match === undefined ? undefined : path.join(path.dirname(abs), match);
}

/** A missing file, with the closest name in its folder when one looks like a typo. */
async function notFound(abs: string): Promise<Problem> {
  const names = await readdir(path.dirname(abs)).catch(() => [] as string[]);
  const best = didYouMean(path.basename(abs), names.filter((n) => !n.startsWith('.')));
  const hint = best !== undefined ? ` (did you mean "${best}"?)` : '';
  return problem('image-not-found', (s) => `image "${s}" not found${hint}`);
}
