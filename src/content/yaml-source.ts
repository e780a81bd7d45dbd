// YAML with positions: parses a YAML segment of a file with the `yaml` package and maps
// node ranges back to the file's own lines (front matter starts on line 2, not line 1).

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, YAMLParseError, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import { LineIndex, type Position } from './positions.js';
import { silentMistakes, syntaxMistakes } from './yaml-mistakes.js';

/** A parsed YAML segment and the means to point into the file it came from. */
export interface YamlSource {
  /** Path relative to the site root. */
  file: string;
  doc: Document.Parsed;
  /** Position in the file of a node's first character (or of the segment when the node has no range). */
  pos(node: Node | Pair | null | undefined): Position;
  /** Position in the file of an offset into the YAML segment. */
  offsetPos(offset: number): Position;
  /** Whether the segment has a syntax error or a known mistake: its keys are then guesses. */
  refused: boolean;
}

/**
 * Parses `index.text.slice(start, end)` as one YAML document. Syntax errors and duplicate keys
 * are reported into `bag`; the document is returned even then, so later checks still run.
 */
export function parseYamlSegment(file: string, index: LineIndex, start: number, end: number, bag: DiagnosticBag): YamlSource {
  // A lone CR ends a line in YAML as it does for midad's positions, but the parser would take
  // it for a character of the line: made LF, one character for one, so offsets stay the same.
  const text = index.text.slice(start, end).replace(/\r(?!\n)/g, '\n');
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, version: '1.2', schema: 'core' });
  inlineScalarAliases(doc);
  const offsetPos = (offset: number): Position => index.at(start + offset);
  const pos = (node: Node | Pair | null | undefined): Position => {
    const target = isPair(node) ? (node.key as Node | null) : node;
    const range = target && 'range' in target ? target.range : undefined;
    return range ? offsetPos(range[0]) : offsetPos(0);
  };
  // A limit met (too many aliases, a nest deeper than the parser's stack) is one error, and
  // the segment is refused: nothing else in it is worth guessing at.
  const limit = doc.errors.find((e) => e.message === TOO_MANY_ALIASES || /call stack/i.test(e.message));
  if (limit) {
    const p = offsetPos(limit.pos[0]);
    if (limit.message === TOO_MANY_ALIASES) bag.error(file, p.line, p.column, 'yaml-too-many-aliases', msg('yaml-too-many-aliases', { max: MAX_ALIASES }));
    else bag.error(file, p.line, p.column, 'yaml-too-deep', msg('yaml-too-deep'));
    return { file, doc, pos, offsetPos, refused: true };
  }
  const syntax = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  // One error per mistake, in the editor's words: YAML's own messages (often several for one
  // cause) only when no known mistake explains them, and then only the first.
  const mistakes = syntax.length ? syntaxMistakes(text, syntax[0]!.pos[0]) : silentMistakes(text);
  for (const m of mistakes) {
    const p = offsetPos(m.offset);
    bag.error(file, p.line, p.column, m.code, m.message);
  }
  if (syntax.length && mistakes.length === 0) {
    const p = offsetPos(syntax[0]!.pos[0]);
    bag.error(file, p.line, p.column, 'yaml-syntax', msg('yaml-syntax', { detail: firstLine(syntax[0]!.message) }));
  }
  for (const err of doc.errors) {
    if (err.code !== 'DUPLICATE_KEY' || syntax.length) continue;
    const p = offsetPos(err.pos[0]);
    bag.error(file, p.line, p.column, 'duplicate-key', msg('duplicate-key', { key: keyAt(text, err.pos[0]) }));
  }
  const refused = syntax.length > 0 || mistakes.length > 0;
  return { file, doc, pos, offsetPos, refused };
}

/** More aliases than this in one front matter is not an editor's shortcut but a trap (a billion laughs). */
export const MAX_ALIASES = 100;
const TOO_MANY_ALIASES = 'midad: too many aliases';

/**
 * `summary: *t` becomes the anchored text itself, placed where the alias is written (errors
 * about the value point there). Only aliases of scalars, and only as values: an alias of a
 * list or map stays an alias (an error where one is expected), so a nest of aliases can never
 * make the checks walk an exponentially large tree; an alias as a key stays one too (an
 * unknown key "*k", never a second title). Anchors are looked up in one pass (the yaml
 * package's own lookup walks the whole document for each alias), and past MAX_ALIASES the
 * document gets an error instead.
 */
function inlineScalarAliases(doc: Document.Parsed): void {
  const anchors = new Map<string, Node>();
  let aliases = 0;
  try {
    visit(doc, (key, node) => {
      if (isAlias(node)) {
        if (++aliases > MAX_ALIASES) {
          const at = node.range?.[0] ?? 0;
          doc.errors.push(new YAMLParseError([at, at + 1], 'RESOURCE_EXHAUSTION', TOO_MANY_ALIASES));
          return visit.BREAK;
        }
        const target = anchors.get(node.source);
        if (key === 'key' || !isScalar(target)) return undefined;
        const copy = target.clone() as typeof target;
        copy.range = node.range;
        delete copy.anchor;
        return copy;
      }
      if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) anchors.set(node.anchor, node);
      return undefined;
    });
  } catch (err) {
    // A document nested deeper than this walk's stack (the parser has most likely said so already).
    if (!(err instanceof RangeError)) throw err;
    if (!doc.errors.length) doc.errors.push(new YAMLParseError([0, 1], 'IMPOSSIBLE', err.message));
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function keyAt(text: string, offset: number): string {
  const m = /^[^:\n]*/.exec(text.slice(offset));
  return (m?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
}

/** The pairs of a YAML map as [key string, pair], skipping non-scalar keys. */
export function mapEntries(map: YAMLMap): Array<[string, Pair]> {
  const out: Array<[string, Pair]> = [];
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    out.push([key, pair]);
  }
  return out;
}

/** The value node of a pair, which may be null for `key:` with nothing after it. */
export function valueNode(pair: Pair): Node | null {
  return (pair.value as Node | null) ?? null;
}

export { isMap, isScalar, isSeq };
