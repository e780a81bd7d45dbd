// Typed values out of YAML with positions: one reader for front matter and site.yml, so the
// same mistake is told in the same words wherever it is made, at the value it is about.

import type { Node, Pair, YAMLMap } from 'yaml';
import { didYouMean, type DiagnosticBag, type DiagnosticCode } from '../diagnostics.js';
import { msg, type Message } from '../messages/index.js';
import { normalizeQuotes } from '../markdown/quotes.js';
import { parseDate, type DateError } from './dates.js';
import { withoutForbiddenChars } from './forbidden-chars.js';
import type { Position } from './positions.js';
import { isScalar, mapEntries, valueNode, type YamlSource } from './yaml-source.js';

/** A date that could not be read, with the fix when one is clear. */
function dateProblem(key: string, value: string, e: DateError): Message {
  if (e.error === 'date-day-first') return e.fixed ? msg('date-day-first', { key, value, fixed: e.fixed }) : msg('date-not-calendar', { key, value });
  if (e.error === 'date-in-words') return msg('date-in-words', { key, value, ...(e.fixed ? { fixed: e.fixed } : {}) });
  return msg(e.error, { key, value });
}

/** The long dashes a word processor types for a hyphen. */
const LONG_DASHES = /[‐‑‒–—―−]/;
/** What editors write for yes and no, in Arabic and English, instead of true and false. */
const YES = /^(نعم|أجل|اجل|صح|صحيح|ايوه|yes|y|on|true|1)$/iu;
const NO = /^(لا|كلا|خطأ|خطا|no|n|off|false|0)$/iu;

/** Whether a text says yes or no (it was meant as true or false). */
export function saysYesOrNo(value: string): boolean {
  return YES.test(value.trim()) || NO.test(value.trim());
}

/**
 * Reads typed values out of a YAML map (front matter, site.yml), reporting each problem at
 * the node's position in `file`, in the same words wherever the same mistake is made.
 */
export class FieldReader {
  /** `rtl`: the site's direction, for quotes around text with no letters (see normalizeQuotes). */
  constructor(protected readonly file: string, protected readonly y: YamlSource, protected readonly bag: DiagnosticBag, private readonly rtl = true) {}

  /**
   * The map's pairs by key; a key not in `known` is an error at it, in the words `unknown`
   * gives (told the closest known key, if one is a typo away).
   */
  knownKeys(map: YAMLMap, known: readonly string[], unknown: (key: string, suggestion: string | undefined) => Message): Map<string, Pair> {
    const fields = new Map<string, Pair>();
    for (const [key, pair] of mapEntries(map)) {
      if (known.includes(key)) fields.set(key, pair);
      else this.at(pair, 'unknown-key', unknown(key, didYouMean(key, known)));
    }
    return fields;
  }

  /** Text readers see (a title, a caption): as `text`, with its quotation marks in the style of the words they hold. */
  prose(pair: Pair | undefined, key: string): string | undefined {
    const s = this.text(pair, key);
    return s === undefined ? undefined : normalizeQuotes(s, this.rtl);
  }

  pos(node: Node | Pair | null | undefined): Position {
    return this.y.pos(node);
  }

  at(node: Node | Pair | null | undefined, code: DiagnosticCode, message: Message): void {
    const p = this.y.pos(node);
    this.bag.error(this.file, p.line, p.column, code, message);
  }

  /** A scalar as text: strings as they are, numbers as written (a title may be "1984"). */
  scalarText(node: Node | null, key: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      let s = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
      const cleaned = withoutForbiddenChars(s);
      if (cleaned) {
        const p = this.y.pos(node);
        this.bag.warn(this.file, p.line, p.column, 'control-character', msg('control-character-key', { key, code: cleaned.code }));
        s = cleaned.text;
      }
      if (s.trim() !== '') return s.trim();
      this.at(node, 'empty-value', msg('empty-value', { key }));
      return undefined;
    }
    this.at(node, 'invalid-type', msg('not-a-string', { key, empty: isScalar(node) && node.value === null }));
    return undefined;
  }

  text(pair: Pair | undefined, key: string): string | undefined {
    if (!pair) return undefined;
    const node = valueNode(pair);
    if (node === null) {
      this.at(pair, 'empty-value', msg('no-value', { key }));
      return undefined;
    }
    return this.scalarText(node, key);
  }

  boolean(pair: Pair | undefined, key: string): boolean | undefined {
    if (!pair) return undefined;
    const node = valueNode(pair);
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    // «نعم», "yes" or a quoted "true" are what editors write: name the value and the fix.
    if (isScalar(node) && node.value !== null && node.value !== undefined) {
      const value = String(node.value).trim();
      const fixed = YES.test(value) ? 'true' : NO.test(value) ? 'false' : undefined;
      if (fixed !== undefined && /\p{Script=Arabic}/u.test(value)) this.at(node, 'invalid-type', msg('not-boolean-arabic', { key, value, fixed }));
      else this.at(node, 'invalid-type', msg('not-boolean-given', { key, value, fixed }));
      return undefined;
    }
    this.at(node ?? pair, 'invalid-type', msg('not-boolean', { key }));
    return undefined;
  }

  /** One of `allowed`, as written. */
  oneOf(pair: Pair | undefined, key: string, allowed: string[]): string | undefined {
    const s = this.text(pair, key);
    if (s === undefined) return undefined;
    if (!allowed.includes(s)) {
      this.at(valueNode(pair!), 'invalid-value', msg('one-of', { key, allowed, value: s }));
      return undefined;
    }
    return s;
  }

  /** A whole number from `min` to `max`. */
  integer(pair: Pair | undefined, key: string, min: number, max: number): number | undefined {
    if (!pair) return undefined;
    const node = valueNode(pair);
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < min || node.value > max) {
      this.at(node ?? pair, 'invalid-value', msg('whole-number', { key, min, max }));
      return undefined;
    }
    return node.value;
  }

  date(pair: Pair | undefined, key: string, timeZone: string): { instant: Date; hasTime: boolean } | undefined {
    if (!pair) return undefined;
    const node = valueNode(pair);
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      this.at(node ?? pair, 'invalid-date', msg('not-a-date', { key }));
      return undefined;
    }
    const parsed = parseDate(String(node.value), timeZone);
    // Word makes the hyphens of 2026-01-24 long dashes as it types.
    const undashed = 'error' in parsed && LONG_DASHES.test(String(node.value)) ? String(node.value).replace(new RegExp(LONG_DASHES.source, 'g'), '-') : undefined;
    if (undashed !== undefined && !('error' in parseDate(undashed, timeZone))) {
      this.at(node, 'invalid-date', msg('date-long-dash', { key, value: String(node.value), fixed: undashed }));
      return undefined;
    }
    if ('error' in parsed) {
      this.at(node, 'invalid-date', dateProblem(key, String(node.value), parsed));
      return undefined;
    }
    return parsed;
  }
}
