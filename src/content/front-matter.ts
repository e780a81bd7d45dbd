// Splits an article file into its YAML front matter and Markdown body, keeping offsets so
// that positions in both point at the file as it is on disk.

import type { DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import type { LineIndex } from './positions.js';

/** Where the parts of an article file are; offsets into the BOM-stripped text. */
export interface FrontMatterSplit {
  yamlStart: number;
  yamlEnd: number;
  bodyStart: number;
  /** 1-based line on which the body starts. */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;
/** A fence a word processor turned into long dashes ("—-", "—", "–-"), or one typed after spaces. */
const LONG_DASH = /^[ \t]*(?=[-‐‑‒–—―]*[‐‑‒–—―])[-‐‑‒–—―]{1,4}[ \t]*$/;
const INDENTED_FENCE = /^[ \t\u00a0]+---[ \t]*$/;

/** Whether the text's first line is a front matter's opening `---` (closed or not). */
export function opensFrontMatter(text: string): boolean {
  const nl = text.search(/\r\n|\r|\n/);
  return FENCE.test(nl < 0 ? text : text.slice(0, nl));
}

/** Finds the `---` fences; reports a missing or unclosed front matter at line 1 (naming the keys an article or a page needs). */
export function splitFrontMatter(file: string, index: LineIndex, bag: DiagnosticBag, kind: 'article' | 'page' = 'article'): FrontMatterSplit | undefined {
  const text = index.text;
  // Scan line by line from the top; the body is never indexed (most files need no position).
  const lineEnd = (from: number): number => {
    const nl = text.indexOf('\n', from);
    const cr = text.indexOf('\r', from);
    if (nl < 0) return cr < 0 ? text.length : cr;
    return cr >= 0 && cr < nl ? cr : nl;
  };
  const nextLine = (end: number): number => (text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1);
  let end = lineEnd(0);
  const first = text.slice(0, end);
  if (!FENCE.test(first)) {
    if (LONG_DASH.test(first)) bag.error(file, 1, 1, 'missing-front-matter', msg('front-matter-dash', { dash: first.trim() }));
    else if (INDENTED_FENCE.test(first)) bag.error(file, 1, 1, 'missing-front-matter', msg('front-matter-fence-spaces'));
    else bag.error(file, 1, 1, 'missing-front-matter', msg(kind === 'page' ? 'missing-front-matter-page' : 'missing-front-matter'));
    return undefined;
  }
  const yamlStart = Math.min(nextLine(end), text.length);
  let line = 2;
  let dashed: { line: number; dash: string } | undefined;
  for (let start = yamlStart; start < text.length; line++) {
    end = lineEnd(start);
    const current = text.slice(start, end);
    if (!dashed && LONG_DASH.test(current)) dashed = { line, dash: current.trim() };
    if (CLOSE.test(current)) {
      return { yamlStart, yamlEnd: start, bodyStart: Math.min(nextLine(end), text.length), bodyLine: line + 1 };
    }
    start = nextLine(end);
  }
  if (dashed) bag.error(file, dashed.line, 1, 'unclosed-front-matter', msg('front-matter-dash', { dash: dashed.dash }));
  else bag.error(file, 1, 1, 'unclosed-front-matter', msg('unclosed-front-matter'));
  return undefined;
}
