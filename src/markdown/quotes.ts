// One quotation style per run of text: «» around Arabic words, “” around Latin ones, whatever
// the editor typed (straight quotes, curly quotes pasted from a word processor, or guillemets
// put on an English name). Used for titles, summaries, captions and credits as they are read,
// and by a Markdown core rule after markdown-it's own smart quotes for bodies.

import type { MarkdownIt } from 'markdown-it';

/** Double quotation marks an editor may type or paste, in either direction. */
const QUOTES = new Set(['"', '“', '”', '„', '‟', '«', '»']);
const OPENING_SHAPE = new Set(['“', '„', '‟', '«']);
const CLOSING_SHAPE = new Set(['”', '»']);
/** Stands for markup between text tokens (emphasis, a link, code): a character that is neither space nor letter. */
export const BOUNDARY = '\u0001';
/** What may stand right before an opening quote, and right after a closing one, besides spaces. */
const BEFORE_OPEN = new Set(['(', '[', '{', '—', '–', '-', ':', '،', '؛', '/', BOUNDARY]);
const AFTER_CLOSE = new Set(['.', ',', ';', ':', '!', '?', '؟', '،', '؛', ')', ']', '}', '…', '—', '–', '-', '/', BOUNDARY]);

const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /\p{Script=Latin}/u;
const isSpace = (c: string | undefined): boolean => c === undefined || /\s/u.test(c);

/** Which script's letters are more numerous in `s`: 'ar', 'latn', or undefined when neither has letters or they tie. */
function scriptOf(s: string): 'ar' | 'latn' | undefined {
  let ar = 0;
  let latn = 0;
  for (const ch of s) {
    if (ARABIC.test(ch)) ar++;
    else if (LATIN.test(ch)) latn++;
  }
  return ar > latn ? 'ar' : latn > ar ? 'latn' : undefined;
}

/**
 * `text` with every pair of double quotes in the style of the words inside it: «» for Arabic
 * (“” for a quote inside an Arabic quote), “” for Latin. A pair with no letters inside follows
 * the text around it, then `rtl` (the site's direction). Unpaired marks are left as they are.
 * Each mark is replaced by one character, so offsets do not move.
 */
export function normalizeQuotes(text: string, rtl: boolean): string {
  if (![...QUOTES].some((q) => text.includes(q))) return text;
  const chars = [...text];
  const pairs: Array<[open: number, close: number, parent: number]> = [];
  const stack: number[] = [];
  /** For each open mark's index in `chars`: the pair index of the quote it is inside, or -1. */
  const parentOf = new Map<number, number>();
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!QUOTES.has(c)) continue;
    const prev = chars[i - 1];
    const next = chars[i + 1];
    const canOpen = !isSpace(next) && (isSpace(prev) || BEFORE_OPEN.has(prev!) || QUOTES.has(prev!));
    const canClose = !isSpace(prev) && (isSpace(next) || AFTER_CLOSE.has(next!) || QUOTES.has(next!));
    let opens: boolean;
    if (canOpen !== canClose) opens = canOpen;
    else if (OPENING_SHAPE.has(c)) opens = true;
    else if (CLOSING_SHAPE.has(c)) opens = false;
    else opens = stack.length === 0;
    if (opens) {
      parentOf.set(i, stack.length ? stack[stack.length - 1]! : -1);
      stack.push(i);
    } else if (stack.length) {
      const open = stack.pop()!;
      pairs.push([open, i, parentOf.get(open)!]);
    }
  }
  if (pairs.length === 0) return text;
  const around = scriptOf(text) ?? (rtl ? 'ar' : 'latn');
  // Outer quotes first, so an inner one knows how its parent is drawn.
  pairs.sort((a, b) => a[0] - b[0]);
  const arabicAt = new Map<number, boolean>();
  for (const [open, close, parent] of pairs) {
    const script = scriptOf(chars.slice(open + 1, close).join('')) ?? around;
    const arabic = script === 'ar';
    arabicAt.set(open, arabic);
    const nested = parent >= 0 && arabicAt.get(parent) === true;
    const [o, c] = arabic && !nested ? ['«', '»'] : ['“', '”'];
    chars[open] = o;
    chars[close] = c;
  }
  return chars.join('');
}

/**
 * The Markdown rule: after markdown-it's smart quotes, each paragraph's (each inline token's)
 * text is normalised as one string, markup standing as BOUNDARY, then cut back into its tokens.
 */
export function quotesPlugin(md: MarkdownIt, opts: { rtl: boolean }): void {
  // midad's markdown-it always runs the typographer, whose smart quotes this rule follows.
  md.core.ruler.after('smartquotes', 'midad_quotes', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'inline' || !token.children) continue;
      const kids = token.children;
      if (!kids.some((k) => k.type === 'text' && [...QUOTES].some((q) => k.content.includes(q)))) continue;
      const parts = kids.map((k) => (k.type === 'text' ? k.content : k.type === 'softbreak' || k.type === 'hardbreak' ? ' ' : BOUNDARY));
      const joined = [...normalizeQuotes(parts.join(''), opts.rtl)];
      let at = 0;
      kids.forEach((k, i) => {
        const n = [...parts[i]!].length;
        if (k.type === 'text') k.content = joined.slice(at, at + n).join('');
        at += n;
      });
    }
  });
}
