// Golden files: built pages compared byte for byte with tests/fixtures/sites/<name>/expected/.
// With MIDAD_UPDATE_GOLDEN=1 the expected files are rewritten from the build instead (read
// the diff before committing it).

import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES } from './site.js';

/** Whether this run rewrites the golden files rather than comparing with them. */
export const UPDATE_GOLDEN = process.env.MIDAD_UPDATE_GOLDEN === '1';

/** Compares `rel` (a path in the built site, `/`-separated) of `out` with its golden file. */
export async function assertGolden(name: string, out: string, rel: string): Promise<void> {
  const actual = await readFile(path.join(out, ...rel.split('/')), 'utf8');
  const golden = path.join(FIXTURES, 'sites', name, 'expected', ...rel.split('/'));
  if (UPDATE_GOLDEN) {
    await mkdir(path.dirname(golden), { recursive: true });
    // Never rewrite a file whose bytes did not change.
    const before = await readFile(golden, 'utf8').catch(() => undefined);
    if (before !== actual) await writeFile(golden, actual);
    return;
  }
  const expected = await readFile(golden, 'utf8').catch(() => undefined);
  assert.ok(expected !== undefined, `no golden file for ${rel}: run with MIDAD_UPDATE_GOLDEN=1`);
  assert.equal(actual, expected, `${rel} differs from tests/fixtures/sites/${name}/expected/${rel} (MIDAD_UPDATE_GOLDEN=1 rewrites it)`);
}
