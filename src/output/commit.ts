// Puts a staged build into the output folder so that, whatever stops it (a kill, a power cut,
// a full disk, a folder it may not write), the folder ends up holding the previous site or the
// new one, never a mix. Everything is first staged in a folder beside the output folder (never
// inside it: a killed build must leave nothing there). Before the first file moves, a journal
// listing every move is written; each replaced file is first kept as a hard link in the
// staging folder. A failed commit, or the next build after a killed one, undoes the journal's
// moves in reverse: that works from any point, and again if the undo itself is interrupted.
// Removing the journal is the moment the new site is committed.

import { link, mkdir, open, readFile, rename, rm, rmdir, stat, unlink, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { inBatches } from '../concurrency.js';
import { commitFault, killPoint } from '../faults.js';
import { isOutputPath } from './paths.js';

/** The staging folder of an output folder: a hidden sibling, on the same file system, so that moves are renames. */
export function stagingDirOf(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.midad-staging`);
}

/**
 * Where an output folder stages when it cannot beside itself: inside (a killed build then
 * leaves this folder in it until the next build).
 */
const innerStagingOf = (outDir: string): string => path.join(outDir, '.midad-staging');

/**
 * Makes the staging folder this build uses: beside the output folder, or inside it when the
 * output folder is a file system of its own (a rename cannot cross file systems) or its parent
 * may not be written (`--out /var/www/html`).
 */
export async function makeStaging(outDir: string): Promise<string> {
  const [out, parent] = await Promise.all([stat(outDir).catch(() => undefined), stat(path.dirname(outDir)).catch(() => undefined)]);
  if (!(out && parent && out.dev !== parent.dev)) {
    const beside = stagingDirOf(outDir);
    try {
      await mkdir(path.join(beside, 'new'), { recursive: true });
      return beside;
    } catch (err) {
      if (!isPermissionError(err)) throw err;
    }
  }
  const inner = innerStagingOf(outDir);
  await mkdir(path.join(inner, 'new'), { recursive: true });
  return inner;
}

/** A folder midad may not write into (then it tries another place). */
export function isPermissionError(err: unknown): boolean {
  return ['EACCES', 'EPERM', 'EROFS'].includes((err as NodeJS.ErrnoException)?.code ?? '');
}

const JOURNAL = 'journal.json';

/** What a commit does, written before it does any of it. Paths of staged files are relative to the staging folder. */
export interface Journal {
  version: 1;
  /** [staged file, output path]: renamed into place, in this order. */
  moves: Array<[string, string]>;
  /** Output paths removed (files the previous build wrote and this one does not). */
  stale: string[];
  /** The manifest, moved last (after the stale files are gone). */
  manifest: [string, string];
}

export interface CommitResult {
  removed: number;
}

/** Where the file a move or a removal replaces is kept until the commit is done. */
const backupOf = (staging: string, kind: 'm' | 's', i: number): string => path.join(staging, 'old', `${kind}${i}`);

/**
 * Moves the staged files into `outDir` as the journal says. `mayExist` false (the output
 * folder was empty when the build began) skips keeping the files replaced: there are none.
 * On failure everything is undone and the error is thrown.
 */
export async function commitStaged(outDir: string, staging: string, journal: Journal, mayExist: boolean): Promise<CommitResult> {
  await writeJournal(staging, journal);
  let removed = 0;
  try {
    await mkdir(path.join(staging, 'old'), { recursive: true });
    await mkdir(outDir, { recursive: true });
    const dirs = new Set<string>();
    for (const [, rel] of journal.moves) dirs.add(path.dirname(targetOf(outDir, rel)));
    await inBatches([...dirs], 32, async (d) => {
      await mkdir(d, { recursive: true });
    });
    const move = async (staged: string, rel: string, backup: string): Promise<void> => {
      const target = targetOf(outDir, rel);
      if (mayExist) await keep(target, backup);
      commitFault(target);
      await rename(path.join(staging, staged), target);
      killPoint('commit');
    };
    await inBatches(journal.moves.map((m, i) => i), 32, (i) => move(journal.moves[i]![0], journal.moves[i]![1], backupOf(staging, 'm', i)));
    const emptied = new Set<string>();
    await inBatches(journal.stale.map((s, i) => i), 32, async (i) => {
      const target = targetOf(outDir, journal.stale[i]!);
      if (!(await keep(target, backupOf(staging, 's', i)))) return;
      await unlink(target);
      removed++;
      emptied.add(path.dirname(target));
      killPoint('commit');
    });
    await removeEmptyDirs(emptied, outDir);
    await move(journal.manifest[0], journal.manifest[1], backupOf(staging, 'm', -1));
  } catch (err) {
    await undo(outDir, staging, journal).catch(() => undefined);
    throw err;
  }
  // The commit point: from here on the new site stands.
  await unlink(path.join(staging, JOURNAL));
  return { removed };
}

/**
 * Before a build: undoes what an interrupted commit left half done, and removes whatever an
 * interrupted build staged. Returns whether anything was left (a build did not finish), and
 * whether the journal was unreadable (then the output may be a mix, and nothing in it is trusted).
 */
export async function recoverOutput(outDir: string): Promise<{ interrupted: boolean; unsure: boolean }> {
  const found = { interrupted: false, unsure: false };
  for (const staging of [stagingDirOf(outDir), innerStagingOf(outDir)]) {
    const there = await stat(staging).then((s) => s.isDirectory(), () => false);
    if (!there) continue;
    found.interrupted = true;
    const text = await readFile(path.join(staging, JOURNAL), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const journal = parseJournal(text);
      if (journal) await undo(outDir, staging, journal);
      else found.unsure = true;
    }
    await rm(staging, { recursive: true, force: true });
  }
  return found;
}

/**
 * Undoes a commit from wherever it stopped: each moved file goes back into the staging folder,
 * then each kept file back into place. Every step checks what is there first, so running it
 * twice, or after it was itself interrupted, does no harm.
 */
async function undo(outDir: string, staging: string, journal: Journal): Promise<void> {
  const moves = [...journal.moves, journal.manifest];
  const undoMove = async (staged: string, rel: string, backup: string): Promise<void> => {
    const target = targetOf(outDir, rel);
    const from = path.join(staging, staged);
    if (!(await exists(from))) {
      await mkdir(path.dirname(from), { recursive: true });
      await rename(target, from).catch(ignoreMissing);
    }
    await restore(backup, target);
  };
  await inBatches(moves.map((m, i) => i), 32, (i) => undoMove(moves[i]![0], moves[i]![1], backupOf(staging, 'm', i === journal.moves.length ? -1 : i)));
  await inBatches(journal.stale.map((s, i) => i), 32, (i) => restore(backupOf(staging, 's', i), targetOf(outDir, journal.stale[i]!)));
  // Folders the commit made for new files, now empty again.
  await removeEmptyDirs(new Set(journal.moves.map(([, rel]) => path.dirname(targetOf(outDir, rel)))), outDir);
  await unlink(path.join(staging, JOURNAL)).catch(ignoreMissing);
}

/** Keeps the file at `target` (if any) as `backup`: a hard link, or a copy where links are not possible. */
async function keep(target: string, backup: string): Promise<boolean> {
  try {
    await link(target, backup);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EEXIST') return true; // kept already
    // A folder where a file goes (the rename then fails, as it should), or a file system without hard links.
    const st = await stat(target).catch(() => undefined);
    if (!st?.isFile()) return false;
    await copyFile(target, backup);
    return true;
  }
}

async function restore(backup: string, target: string): Promise<void> {
  if (!(await exists(backup))) return;
  await mkdir(path.dirname(target), { recursive: true });
  await rename(backup, target);
}

async function writeJournal(staging: string, journal: Journal): Promise<void> {
  const file = path.join(staging, JOURNAL);
  const temp = `${file}.tmp`;
  const fh = await open(temp, 'w');
  try {
    await fh.writeFile(JSON.stringify(journal));
    // On disk before the first move: after a power cut, the moves must be undoable.
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(temp, file);
}

function parseJournal(text: string): Journal | undefined {
  try {
    const j = JSON.parse(text) as Journal;
    const pair = (p: unknown): boolean => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string' && isOutputPath(p[0]) && isOutputPath(p[1]);
    if (j?.version !== 1 || !Array.isArray(j.moves) || !Array.isArray(j.stale) || !pair(j.manifest)) return undefined;
    if (!j.moves.every(pair) || !j.stale.every((s) => typeof s === 'string' && isOutputPath(s))) return undefined;
    return j;
  } catch {
    return undefined;
  }
}

const targetOf = (outDir: string, rel: string): string => path.join(outDir, ...rel.split('/'));

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}

/** Removes the folders (and their parents up to `stop`) that are empty; rmdir refuses the others. */
export async function removeEmptyDirs(dirs: Iterable<string>, stop: string): Promise<void> {
  const all = new Set<string>();
  for (const dir of dirs) {
    for (let d = dir; d.startsWith(stop + path.sep); d = path.dirname(d)) all.add(d);
  }
  for (const d of [...all].sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => undefined);
}
