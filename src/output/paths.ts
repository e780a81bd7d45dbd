// Which paths the output writer takes: the one check every path read back from disk (the
// manifest, the commit journal) passes before midad moves or removes anything there.

import path from 'node:path';

/**
 * A path inside the out folder as the writer takes it: relative, forward slashes, no empty,
 * "." or ".." segment (nor a ".." between backslashes, which Windows would follow).
 */
export function isOutputPath(rel: string): boolean {
  return rel.length > 0 && !rel.includes('\0') && !path.isAbsolute(rel) && !path.win32.isAbsolute(rel)
    && rel.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..') && !rel.split(/[\\/]/).includes('..');
}
