// The direction of a block of text, for `dir` attributes on titles, summaries, captions and
// article bodies. HTML's dir="auto" takes the first strong letter, so an Arabic
// headline that opens with a brand name ("Microsoft تحذّر من …") would be laid out left to
// right, its Arabic words in the wrong order. We count words instead (a long URL or a German
// compound is one word, not a hundred letters): the direction of most words wins, and text
// with no words in either script keeps the page's direction.

const LETTER = /\p{L}/u;

/** Hebrew, Syriac, Arabic, Thaana, N'Ko…, the presentation forms, and the astral RTL blocks. */
function isRtl(cp: number): boolean {
  return (cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefc)
    || (cp >= 0x10800 && cp <= 0x10fff) || (cp >= 0x1e800 && cp <= 0x1efff);
}

/** JavaScript's `\s`: what separates words. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A character reference (`&amp;`, `&#1575;`) at `i`: its length, else 0. */
const ENTITY = /&#?\w+;/y;

/**
 * `rtl` or `ltr` for `text`; `fallback` (the page's direction) when it has no words or a tie.
 * One pass over the characters, no intermediate strings: it runs over every article body.
 */
export function textDirection(text: unknown, fallback: string = 'rtl'): string {
  const s = String(text ?? '');
  let rtl = 0;
  let ltr = 0;
  let r = 0;
  let l = 0;
  const endWord = (): void => {
    if (r > l) rtl++;
    else if (l > r) ltr++;
    r = 0;
    l = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Markup (a rendered article body) is skipped: only the text a reader sees counts.
    if (c === 60 /* < */) {
      const close = s.indexOf('>', i + 1);
      if (close >= 0) {
        endWord();
        i = close;
        continue;
      }
    } else if (c === 38 /* & */) {
      ENTITY.lastIndex = i;
      if (ENTITY.test(s)) {
        endWord();
        i = ENTITY.lastIndex - 1;
        continue;
      }
    }
    if (isSpace(c)) {
      endWord();
      continue;
    }
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) l++;
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
    }
    if (isRtl(cp)) r++;
    else if (LETTER.test(String.fromCodePoint(cp))) l++;
  }
  endWord();
  if (rtl === ltr) return fallback === 'ltr' ? 'ltr' : 'rtl';
  return rtl > ltr ? 'rtl' : 'ltr';
}
