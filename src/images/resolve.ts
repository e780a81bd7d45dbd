// Where an image reference points: a file inside the site root, also after
// following symbolic links. URLs and absolute paths are refused before the file system is
// touched, so nothing is ever fetched from another host.

import { msg } from '../messages/index.js';
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
  if (src === '') return problem('image-not-found', () => msg('image-src-empty'));
  // A path on the editor's own computer (C:\Users\…, file:///…): the fix is to copy the photo
  // beside the article and name it, which the message says with the file's own name.
  const name = src.split(/[\\/]/).pop() ?? src;
  if (/^file:/i.test(src)) return problem('image-url', (s) => msg('image-file-url', { src: s, name: safeDecode(name) }));
  if (/^[a-z]:[\\/]/i.test(src) || src.startsWith('\\\\')) return problem('image-absolute-path', (s) => msg('image-windows-path', { src: s, name }));
  if (URL_SCHEME.test(src) || src.startsWith('//')) {
    return problem('image-url', (s) => msg('image-url', { src: s }));
  }
  if (src.startsWith('/') || src.startsWith('\\') || path.isAbsolute(src)) {
    return problem('image-absolute-path', (s) => msg('image-absolute-path', { src: s }));
  }
  if (!isInside(path.resolve(root), ref.path)) {
    return problem('image-outside-root', (s) => msg('image-outside-root', { src: s }));
  }
  if (/\.svgz?$/i.test(ref.path)) return unsupportedSvgProblem();

  let real: string;
  try {
    real = await realpath(ref.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return problem('image-unreadable', (s) => msg('image-unreadable', { src: s, code: code ?? 'error' }));
    // The same name in another Unicode form: a file saved on a Mac or taken from a zip has its
    // Arabic letters decomposed (NFD) where the article's text has them composed (NFC).
    const other = await sameNameOtherForm(ref.path);
    const found = other ? await realpath(other).catch(() => undefined) : undefined;
    if (!found) return notFound(ref.path);
    real = found;
  }
  if (!isInside(realRoot, real)) {
    return problem('image-outside-root', (s) => msg('image-link-outside-root', { src: s }));
  }
  if (/\.svgz?$/i.test(real)) return unsupportedSvgProblem();
  try {
    const st = await stat(real);
    if (!st.isFile()) return problem('image-not-image', (s) => msg('image-is-folder', { src: s }));
    return { real, size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem('image-unreadable', (s) => msg('image-unreadable', { src: s, code: code ?? 'error' }));
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
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
  return problem('image-not-found', (s) => msg('image-not-found', { src: s, suggestion: best }));
}
