// The text of a site file that a diagnostic points into, read for its code frame. Only an
// ordinary file of an article's size at most: the file an error is about may be a named pipe
// (opening it would wait for a writer forever) or far too large to show.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAX_ARTICLE_BYTES } from './limits.js';

/** `rel` is relative to `root` with forward slashes; undefined when it is not worth reading. */
export function readSourceText(root: string, rel: string): string | undefined {
  const file = path.join(root, ...rel.split('/'));
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_ARTICLE_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
