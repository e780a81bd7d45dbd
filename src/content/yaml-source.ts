// YAML with positions: parses a YAML segment of a file with the `yaml` package and maps
// node ranges back to the file's own lines (front matter starts on line 2, not line 1).

import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
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
  // `summary: *t` is the anchored text itself, placed where the alias is written (errors
  // about the value point there). Only aliases of scalars, and only as values: an alias of a
  // list or map stays an alias (an error where one is expected), so a nest of aliases can never
  // make the checks walk an exponentially large tree; an alias as a key stays one too (an
  // unknown key "*k", never a second title).
  visit(doc, {
    Alias(key, node) {
      if (key === 'key') return undefined;
      const target = node.resolve(doc);
      if (!isScalar(target)) return undefined;
      const copy = target.clone() as typeof target;
      copy.range = node.range;
      return copy;
    },
  });
  const offsetPos = (offset: number): Position => index.at(start + offset);
  const pos = (node: Node | Pair | null | undefined): Position => {
    const target = isPair(node) ? (node.key as Node | null) : node;
    const range = target && 'range' in target ? target.range : undefined;
    return range ? offsetPos(range[0]) : offsetPos(0);
  };
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
