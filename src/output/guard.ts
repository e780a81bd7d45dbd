// What a build that writes does around its stages: takes the site root's lock and the output
// folder's (one build at a time on each), undoes what an interrupted build left, and runs the
// build again, once, without the parse cache when that cache turns out damaged.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DamagedCacheError } from '../cache/damaged.js';
import { forgetSearchRecord } from '../search/bundles.js';
import { acquireLock, lockWaitMs, outputLockOf } from './lock.js';
import { recoverOutputFolder } from './write.js';

/** Runs `run` holding both locks; `retry` is the same build without the parse cache (`parseCache`, removed first). */
export async function guardedBuild<T>(root: string, out: string, cacheDir: string, parseCache: string, run: () => Promise<T>): Promise<T> {
  const wait = lockWaitMs();
  // Always in this order (root, then output), so two builds never hold one each and wait for ever.
  const rootLock = await acquireLock(path.join(cacheDir, 'lock'), wait);
  try {
    const outLock = await acquireLock(outputLockOf(out), wait);
    try {
      const { interrupted } = await recoverOutputFolder(out);
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
