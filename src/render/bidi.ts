// The direction of a block of text, for `dir` attributes on titles, summaries, captions and
// article bodies (issue 7 §4). HTML's dir="auto" takes the first strong letter, so an Arabic
// headline that opens with a brand name ("Microsoft تحذّر من …") would be laid out left to
// right, its Arabic words in the wrong order. We count words instead (a long URL or a German
// compound is one word, not a hundred letters): the direction of most words wins, and text
// with no words in either script keeps the page's direction.

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const LETTER = /\p{L}/u;

/** `rtl` or `ltr` for `text`; `fallback` (the page's direction) when it has no words or a tie. */
export function textDirection(text: unknown, fallback: string = 'rtl'): string {
  let rtl = 0;
  let ltr = 0;
  // Markup (a rendered article body) is skipped: only the text a reader sees counts.
  const visible = String(text ?? '').replace(/<[^>]*>|&#?\w+;/g, ' ');
  for (const word of visible.split(/\s+/)) {
    let r = 0;
    let l = 0;
    for (const ch of word) {
      if (RTL_LETTER.test(ch)) r++;
      else if (LETTER.test(ch)) l++;
    }
    if (r > l) rtl++;
    else if (l > r) ltr++;
  }
  if (rtl === ltr) return fallback === 'ltr' ? 'ltr' : 'rtl';
  return rtl > ltr ? 'rtl' : 'ltr';
}
