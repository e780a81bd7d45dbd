// Diagnostics: content errors as values with a file position (the vfile-message model).
// Collected across the whole run, sorted, then printed together; only bugs throw.

import type { DiagnosticCode } from './diagnostic-codes.js';
import { isMessage, render, type Lang, type Message } from './messages/index.js';

export { DIAGNOSTIC_CODES, isDiagnosticCode, type DiagnosticCode } from './diagnostic-codes.js';

/** One problem found in the site. `line` and `column` are 1-based, counted in the file as on disk. */
export interface Diagnostic {
  /** Path relative to the site root, with forward slashes. */
  file: string;
  line: number;
  column: number;
  /** The message in English (what tests and tools without a language read). */
  message: string;
  /** The message as an id and parameters, put into the run's language when printed (src/messages). */
  text?: Message;
  /** Stable kebab-case identifier, e.g. `unknown-key` (src/diagnostic-codes.ts). */
  code: DiagnosticCode;
  /**
   * What would be right where it points, closest first (vfile-message's `expected`): the key,
   * slug or file a did-you-mean proposes. The message's words are made from it by the catalogue.
   */
  expected?: string[];
  severity: 'error' | 'warning';
  /** Optional code frame lines already formatted. */
  frame?: string;
}

/** Source text of files that diagnostics point into, so the reporter can show a code frame. */
export type SourceLookup = (file: string) => string | undefined;

/** Collects diagnostics from every stage of one run. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  error(file: string, line: number, column: number, code: DiagnosticCode, message: string | Message): void {
    this.items.push(diagnostic(file, line, column, code, message, 'error'));
  }

  warn(file: string, line: number, column: number, code: DiagnosticCode, message: string | Message): void {
    this.items.push(diagnostic(file, line, column, code, message, 'warning'));
  }

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  get errorCount(): number {
    return this.items.filter((d) => d.severity === 'error').length;
  }

  /** Sorted by file, then line, then column, without exact repeats. */
  sorted(): Diagnostic[] {
    const seen = new Set<string>();
    return [...this.items]
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))
      .filter((d) => {
        const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }
}

/** A diagnostic from a message in words (English) or a catalogue message (src/messages). */
export function diagnostic(file: string, line: number, column: number, code: DiagnosticCode, message: string | Message, severity: Diagnostic['severity']): Diagnostic {
  if (typeof message === 'string') return { file, line, column, code, message, severity };
  const expected = expectedOf(message);
  return { file, line, column, code, message: render(message, 'en'), text: message, severity, ...(expected ? { expected } : {}) };
}

/** The values a catalogue message proposes: its `suggestion` parameter (see src/messages/index.ts). */
function expectedOf(m: Message): string[] | undefined {
  const s = m.params?.suggestion;
  return typeof s === 'string' ? [s] : undefined;
}

/** The diagnostic's message in a language (a message not yet in the catalogue stays as written). */
export function messageIn(d: Pick<Diagnostic, 'message' | 'text'>, lang: Lang = 'en'): string {
  return d.text && isMessage(d.text) ? render(d.text, lang) : d.message;
}

/**
 * `path:line:col: error: message`, the form compilers use. The words `error` and
 * `warning`, the path and the position stay the same in every language: CI annotations read them.
 */
export function formatDiagnostic(d: Diagnostic): string {
  return formatDiagnosticIn(d, 'en');
}

/** formatDiagnostic in a language of src/messages. */
export function formatDiagnosticIn(d: Diagnostic, lang: Lang): string {
  return `${oneLine(d.file)}:${d.line}:${d.column}: ${d.severity}: ${oneLine(messageIn(d, lang))}`;
}

/**
 * Control characters and line separators shown as escapes (`\n`, `\u0007`): one diagnostic
 * is one line, even when a file's name (or text quoted from it) holds a line break, so a file
 * named "x\nfake.md:1:1: error: …" cannot print a line that reads as another error.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * A code frame: the offending line with its neighbours and a caret under the column.
 * Tabs are kept so the caret lines up in a terminal.
 */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = linesOf(source);
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  // A line of a megabyte is shown as the stretch around the column, not whole.
  const from = Math.max(0, column - 1 - FRAME_CONTEXT);
  const clip = (text: string): string => {
    if (text.length <= 2 * FRAME_CONTEXT) return text;
    const part = text.slice(from, from + 2 * FRAME_CONTEXT);
    return `${from > 0 ? '…' : ''}${part}${from + 2 * FRAME_CONTEXT < text.length ? '…' : ''}`;
  };
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1] ?? '';
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${clip(text)}`);
    if (n === line) {
      const clipped = text.length > 2 * FRAME_CONTEXT;
      const lead = (clipped ? (from > 0 ? ' ' : '') + text.slice(from, Math.max(from, column - 1)) : text.slice(0, Math.max(0, column - 1))).replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(width)} | ${lead}^`);
    }
  }
  return out.join('\n');
}

/** Characters shown on each side of the column in a code frame of a long line. */
const FRAME_CONTEXT = 80;

/** The lines of the last source framed: diagnostics come sorted by file, many to one file. */
let framed: { source: string; lines: string[] } | undefined;
function linesOf(source: string): string[] {
  if (framed?.source !== source) framed = { source, lines: source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/) };
  return framed.lines;
}

/** Diagnostics of one code in one file shown before the rest are summed up in one line. */
export const MAX_REPEATS = 20;

/** Every diagnostic as text, with code frames where the source is known. */
export function formatReport(diagnostics: Diagnostic[], lookup?: SourceLookup, frames = true, lang: Lang = 'en'): string {
  const parts: string[] = [];
  // Thousands of the same problem in one file (one bad link pasted all along a line) would
  // bury the others: after MAX_REPEATS, one line says how many more there are.
  const seen = new Map<string, number>();
  const hidden = new Map<string, { d: Diagnostic; n: number }>();
  const sources = new Map<string, string | undefined>();
  const flush = (): void => {
    for (const { d, n } of hidden.values()) {
      const text = { id: 'more-like-this', params: { n, code: d.code } } as const;
      parts.push(formatDiagnosticIn({ ...d, message: render(text, 'en'), text }, lang));
    }
    hidden.clear();
  };
  let file: string | undefined;
  for (const d of diagnostics) {
    if (d.file !== file) flush();
    file = d.file;
    const key = `${d.file}\0${d.code}\0${d.severity}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > MAX_REPEATS) {
      const h = hidden.get(key);
      if (h) h.n++;
      else hidden.set(key, { d, n: 1 });
      continue;
    }
    parts.push(formatDiagnosticIn(d, lang));
    if (frames && lookup && !sources.has(d.file)) sources.set(d.file, lookup(d.file));
    const src = frames ? sources.get(d.file) : undefined;
    const frame = d.frame ?? (src !== undefined ? codeFrame(src, d.line, d.column) : '');
    if (frame) parts.push(frame);
  }
  flush();
  return parts.join('\n') + (parts.length ? '\n' : '');
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance that still looks like a typo, or undefined. */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(value.length / 3));
  for (const c of candidates) {
    const d = editDistance(value.toLowerCase(), c.toLowerCase());
    if (d < bestDistance && d <= limit) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or the empty string. */
export function suggestion(value: string, candidates: Iterable<string>): string {
  const best = didYouMean(value, candidates);
  return best !== undefined ? ` (did you mean "${best}"?)` : '';
}
