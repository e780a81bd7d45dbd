// The full path of an entry from `readdir(dir, { recursive: true, withFileTypes: true })`.

import type { Dirent } from 'node:fs';
import path from 'node:path';

/** Node 20 before 20.12 names the entry's folder `path`; later versions `parentPath`. */
export function direntPath(e: Dirent): string {
  return path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
}
