// Splits an article file into its YAML front matter and Markdown body, keeping offsets so
// that positions in both point at the file as it is on disk.

import matter from 'gray-matter';
import type { DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import type { LineIndex } from './positions.js';
import { parseYamlSegment, type YamlSource } from './yaml-source.js';

/** Where the parts of an article file are; offsets into the BOM-stripped text. */
export interface FrontMatterSplit {
  yamlStart: number;
  yamlEnd: number;
  bodyStart: number;
  /** 1-based line on which the body starts. */
  bodyLine: number;
}

/** A file's front matter: where its parts are, and its YAML parsed with positions in the file. */
export interface FrontMatter extends FrontMatterSplit {
  yaml: YamlSource;
}

const FENCE = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;
/** A fence a word processor turned into long dashes ("—-", "—", "–-"), or one typed after spaces. */
const LONG_DASH = /^[ \t]*(?=[-‐‑‒–—―]*[‐‑‒–—―])[-‐‑‒–—―]{1,4}[ \t]*$/;
const INDENTED_FENCE = /^[ \t\u00a0]+---[ \t]*$/;
/** Longest front matter given to gray-matter (a real one is under 2 KB; a longer one is split by hand). */
const GRAY_MATTER_MAX = 8 * 1024;
/** What gray-matter does not take for a line end or a closing fence: a lone CR, a `...` line. */
const NOT_GRAY_MATTER = /\r(?!\n)|^\.\.\.[ \t]*$/m;

/** Whether the text's first line is a front matter's opening `---` (closed or not). */
export function opensFrontMatter(text: string): boolean {
  const nl = text.search(/\r\n|\r|\n/);
  return FENCE.test(nl < 0 ? text : text.slice(0, nl));
}

/**
 * Finds the `---` fences and parses the YAML between them (errors reported into `bag`);
 * reports a missing or unclosed front matter at line 1 (naming the keys an article or a page
 * needs) and returns undefined.
 */
export function readFrontMatter(file: string, index: LineIndex, bag: DiagnosticBag, kind: 'article' | 'page' = 'article'): FrontMatter | undefined {
  const text = index.text;
  const end = lineEnd(text, 0);
  const first = text.slice(0, end);
  if (!FENCE.test(first)) {
    if (LONG_DASH.test(first)) bag.error(file, 1, 1, 'missing-front-matter', msg('front-matter-dash', { dash: first.trim() }));
    else if (INDENTED_FENCE.test(first)) bag.error(file, 1, 1, 'missing-front-matter', msg('front-matter-fence-spaces'));
    else bag.error(file, 1, 1, 'missing-front-matter', msg(kind === 'page' ? 'missing-front-matter-page' : 'missing-front-matter'));
    return undefined;
  }
  // gray-matter would read the rest of a CR-ended first line as the front matter's language.
  const loneCr = text[end] === '\r' && text[end + 1] !== '\n';
  // Its comment-stripping regular expression is quadratic in a run of blank lines: it gets only
  // a front matter that closes within GRAY_MATTER_MAX characters.
  const close = text.indexOf('\n---', 3);
  const read = loneCr || close < 0 || close > GRAY_MATTER_MAX ? undefined : readWithGrayMatter(file, index, bag);
  if (read) return read;
  const split = splitByHand(file, index, bag);
  return split && { ...split, yaml: parseYamlSegment(file, index, split.yamlStart, split.yamlEnd, bag) };
}

/** gray-matter's split with the `yaml` package as its engine; undefined where its split would differ from midad's. */
function readWithGrayMatter(file: string, index: LineIndex, bag: DiagnosticBag): FrontMatter | undefined {
  const text = index.text;
  let read: FrontMatter | undefined;
  let parsed = false;
  const parse = (yamlText: string): object => {
    parsed = true;
    const split = splitAt(text, yamlText);
    if (split) read = { ...split, yaml: parseYamlSegment(file, index, split.yamlStart, split.yamlEnd, bag) };
    return {};
  };
  const parts = matter(text, { engines: { yaml: parse } });
  // gray-matter skips its engine for a front matter of blanks and comments; YAML reads it as no keys.
  if (!parsed) parse(parts.matter);
  return read;
}

/**
 * Offsets of the split gray-matter made (its front matter is `text` from offset 3, up to the
 * line break before `\n---`), or undefined when midad's fences split the file elsewhere.
 */
function splitAt(text: string, yamlText: string): FrontMatterSplit | undefined {
  const close = 3 + yamlText.length + 1;
  if (text[close - 1] !== '\n' || !text.startsWith(yamlText, 3)) return undefined;
  const end = close + 3;
  if (end < text.length && text[end] !== '\n' && text[end] !== '\r') return undefined;
  const head = text.slice(0, close);
  if (NOT_GRAY_MATTER.test(head)) return undefined;
  let lines = 1;
  for (let i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) lines++;
  return { yamlStart: text.indexOf('\n') + 1, yamlEnd: close, bodyStart: Math.min(nextLine(text, end), text.length), bodyLine: lines + 1 };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (nl < 0) return cr < 0 ? text.length : cr;
  return cr >= 0 && cr < nl ? cr : nl;
}

function nextLine(text: string, end: number): number {
  return text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
}

/**
 * The split for what gray-matter cannot take — CR-only lines, a `...` or blank-trailed
 * closing fence, an unclosed front matter (whose long-dash fence is pointed at).
 */
function splitByHand(file: string, index: LineIndex, bag: DiagnosticBag): FrontMatterSplit | undefined {
  const text = index.text;
  const yamlStart = Math.min(nextLine(text, lineEnd(text, 0)), text.length);
  let line = 2;
  let dashed: { line: number; dash: string } | undefined;
  // Scan line by line from the top; the body is never indexed (most files need no position).
  for (let start = yamlStart; start < text.length; line++) {
    const end = lineEnd(text, start);
    const current = text.slice(start, end);
    if (!dashed && LONG_DASH.test(current)) dashed = { line, dash: current.trim() };
    if (CLOSE.test(current)) {
      return { yamlStart, yamlEnd: start, bodyStart: Math.min(nextLine(text, end), text.length), bodyLine: line + 1 };
    }
    start = nextLine(text, end);
  }
  if (dashed) bag.error(file, dashed.line, 1, 'unclosed-front-matter', msg('front-matter-dash', { dash: dashed.dash }));
  else bag.error(file, 1, 1, 'unclosed-front-matter', msg('unclosed-front-matter'));
  return undefined;
}
