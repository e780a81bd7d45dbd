// One build at a time per site root (its .midad-cache) and per output folder: two CI jobs, or a
// build beside `midad dev`, would otherwise stage into the same folder and commit a mix. A lock
// is a file holding the holder's pid, host and start time, created whole (a hard link to a
// finished file) so that it is never seen half-written. A lock whose process is gone (killed,
// the machine restarted) is taken over; a live one is waited for, up to a bound.

import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BuildFailure } from '../failure.js';
import { msg } from '../messages/index.js';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Another build holds the lock, and still held it when the wait ran out. */
export class LockedError extends BuildFailure {
  constructor(readonly file: string, readonly holder: LockHolder | undefined, readonly waitedSeconds: number) {
    super(msg('build-locked', {
      file: path.relative(process.cwd(), file) || file, pid: holder?.pid ?? '?', host: holder?.host ?? '?', since: holder?.since ?? '?', waited: waitedSeconds,
    }));
  }
}

export interface Lock {
  release(): Promise<void>;
}

/** Locks this process holds: a second build in the same process waits like any other. */
const held = new Set<string>();

/** How long a build waits for another: MIDAD_LOCK_WAIT seconds, else a minute (a dev rebuild, a short CI job). */
export function lockWaitMs(): number {
  const s = Number(process.env.MIDAD_LOCK_WAIT);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 60_000;
}

/**
 * Takes the lock file `file`, waiting up to `waitMs` for a live holder; throws LockedError
 * when it is still held then.
 */
export async function acquireLock(file: string, waitMs: number): Promise<Lock> {
  const me: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  await mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  let pause = 50;
  for (;;) {
    if (!held.has(file) && (await tryCreate(file, me))) {
      held.add(file);
      return { release: () => release(file, me) };
    }
    const holder = await readHolder(file);
    if (!held.has(file) && (!holder || isDead(holder))) {
      await takeOver(file, holder);
      continue;
    }
    if (Date.now() >= deadline) throw new LockedError(file, holder, Math.round(waitMs / 1000));
    await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(1, deadline - Date.now()))));
    pause = Math.min(pause * 2, 500);
  }
}

async function tryCreate(file: string, me: LockHolder): Promise<boolean> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, JSON.stringify(me));
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The holder named in the lock file; undefined when it is gone or unreadable (damaged: no live build writes it so). */
async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
    return Number.isInteger(h?.pid) && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since) } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder's process is known to be gone: only a process on this machine can be asked. */
function isDead(h: LockHolder): boolean {
  if (h.host !== os.hostname()) return false;
  // This process holds no such lock (checked before): the pid is a dead build's, reused.
  if (h.pid === process.pid) return true;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes a dead holder's lock. Moved aside first and read again, so that of two builds taking
 * over at once, the slower does not remove the lock the faster has just made.
 */
async function takeOver(file: string, dead: LockHolder | undefined): Promise<void> {
  const aside = `${file}.stale-${process.pid}`;
  try {
    await rename(file, aside);
  } catch {
    return; // gone already: try again
  }
  const moved = await readHolder(aside);
  if (moved && !isDead(moved) && (moved.pid !== dead?.pid || moved.since !== dead.since)) {
    // A live lock, made since we looked: put it back.
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function release(file: string, me: LockHolder): Promise<void> {
  held.delete(file);
  const now = await readHolder(file);
  if (now && now.pid === me.pid && now.since === me.since && now.host === me.host) await unlink(file).catch(() => undefined);
}

/** The lock file of an output folder: beside it (the folder itself is published). */
export function outputLockOf(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.midad-lock`);
}
