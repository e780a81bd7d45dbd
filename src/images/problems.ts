// Image problems as values (the vfile-message model): a stable code and a message built from
// the `src` each reference wrote, so one bad file is reported at every place that uses it.

import type { DiagnosticBag } from '../diagnostics.js';
import type { ImageRef } from '../model.js';
import { msg, type Message } from '../messages/index.js';

/** Stable diagnostic codes of the image stage. */
export type ProblemCode =
  | 'image-url'
  | 'image-absolute-path'
  | 'image-outside-root'
  | 'image-not-found'
  | 'image-unreadable'
  | 'image-not-image'
  | 'image-unsupported-format'
  | 'image-corrupt'
  | 'image-too-large'
  | 'image-failed';

export interface Problem {
  problem: ProblemCode;
  /** The message, given the reference's `src` as written. */
  message: (src: string) => Message;
}

export function problem(code: ProblemCode, message: (src: string) => Message): Problem {
  return { problem: code, message };
}

export function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'problem' in x;
}

/** Reports a problem at the reference's position (path:line:col of the src). */
export function report(bag: DiagnosticBag, ref: ImageRef, p: Problem): void {
  bag.error(ref.pos.file, ref.pos.line, ref.pos.column, p.problem, p.message(ref.src));
}

/** SVG is refused by name: it can carry scripts and external references. */
export function unsupportedSvgProblem(): Problem {
  return problem('image-unsupported-format', (src) => msg('image-svg', { src }));
}
