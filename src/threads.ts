// How many worker threads a build parses and renders on.

import os from 'node:os';

/** One per core (at most 8), or MIDAD_THREADS (1: everything in the main thread). */
export function buildThreads(): number {
  const env = Number(process.env.MIDAD_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}
