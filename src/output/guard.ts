// What a build that writes does around its stages: takes the site root's lock and the output
// folder's (one build at a time on each), undoes what an interrupted build left, and runs the
// build again, once, without the parse cache when that cache turns out damaged.

import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DamagedCacheError } from '../cache/damaged.js';
import { forgetSearchRecord } from '../search/bundles.js';
import { acquireLock, lockWaitMs, outputLockOf } from './lock.js';
import { recoverOutputFolder } from './write.js';
import { isPermissionError } from './commit.js';

/** Runs `run` holding both locks; `retry` is the same build without the parse cache (`parseCache`, removed first). */
export async function guardedBuild<T>(root: string, out: string, cacheDir: string, parseCache: string, run: () => Promise<T>): Promise<T> {
  const wait = lockWaitMs();
  // Always in this order (root, then output), so two builds never hold one each and wait for ever.
  const rootLock = await acquireLock(path.join(cacheDir, 'lock'), wait);
  try {
    // Beside the output folder, or in it when its parent may not be written (as the staging folder).
    const outLock = await acquireLock(outputLockOf(out), wait).catch((err: unknown) => {
      if (!isPermissionError(err)) throw err;
      return acquireLock(path.join(out, '.midad-lock'), wait);
    });
    try {
      const { interrupted } = await recoverOutputFolder(out);
      await removeCacheTemps(cacheDir);
      // Killed after its commit, before recording what the search bundles hold: that record is not to be trusted.
      if (interrupted) await forgetSearchRecord(cacheDir);
      try {
        return await run();
      } catch (err) {
        if (!(err instanceof DamagedCacheError)) throw err;
        await rm(parseCache, { recursive: true, force: true });
        return await run();
      }
    } finally {
      await outLock.release();
    }
  } finally {
    await rootLock.release();
  }
}

/** A cache file's temporary name while it is written (then renamed over the file): `x.tmp-PID`, `x.PID.tmp`, `x.new-PID`. */
const CACHE_TEMP = /\.(tmp-\d+|\d+\.tmp|new-\d+)$/;

/**
 * Removes what builds killed while writing a cache file left (the images folder sweeps its own):
 * with the site's lock held, no other build is writing one.
 */
async function removeCacheTemps(cacheDir: string): Promise<void> {
  for (const dir of [cacheDir, path.join(cacheDir, 'build'), path.join(cacheDir, 'fonts')]) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (CACHE_TEMP.test(name)) await rm(path.join(dir, name), { force: true });
    }
  }
}
