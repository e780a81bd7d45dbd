// Failures that are not the content's: Pagefind dying, a damaged cache, another build holding
// the site, a file that cannot be written. No file of the site is at fault, so they are never
// diagnostics with a position: the build stops, publishes nothing and says why in one line.

import path from 'node:path';
import { msg, render, type Lang, type Message, type MessageId } from './messages/index.js';

/** A failure of the machine or of a process midad waited for, with what caused it. */
export class BuildFailure extends Error {
  /** What happened, as a catalogue message (put into the run's language when printed). */
  readonly text: Message;

  constructor(text: Message, options?: { cause?: unknown }) {
    super(render(text, 'en'), options);
    this.text = text;
    this.name = new.target.name;
  }
}

/** `midad: …; nothing was published`: how a failure is printed, in the run's language. */
export function failureLine(failure: BuildFailure, who: string, lang: Lang): string {
  return `${who}: ${render(failure.text, lang)}\n`;
}

/**
 * The failure `err` stands for: itself when it is one, a file-system error (a file in the way,
 * no permission, a full disk) as one with the error as its cause; undefined for a bug in midad.
 */
export function failureOf(err: unknown): BuildFailure | undefined {
  if (err instanceof BuildFailure) return err;
  if (!isFileSystemError(err)) return undefined;
  const where = err.path ? path.relative(process.cwd(), err.path) || err.path : '';
  // A folder that cannot be made because something is already there: that is a file in the way.
  const code = err.code === 'EEXIST' && err.syscall === 'mkdir' ? 'ENOTDIR' : err.code;
  return new BuildFailure(msg('fs-error', { syscall: err.syscall ?? 'write', where, reason: { id: FS_REASONS[code]! } }), { cause: err });
}

/** What the file-system errors a build can meet mean, in words. */
const FS_REASONS: Record<string, MessageId> = {
  ENOTDIR: 'fs-ENOTDIR', EISDIR: 'fs-EISDIR', EEXIST: 'fs-EEXIST', EACCES: 'fs-EACCES', EPERM: 'fs-EPERM',
  EROFS: 'fs-EROFS', ENOSPC: 'fs-ENOSPC', EDQUOT: 'fs-EDQUOT', EMFILE: 'fs-EMFILE',
  ENAMETOOLONG: 'fs-ENAMETOOLONG',
};

function isFileSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && (err as NodeJS.ErrnoException).code! in FS_REASONS;
}
