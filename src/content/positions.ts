// Maps character offsets in a file's text to 1-based line and column numbers, as on disk.

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in Unicode code points. */
  column: number;
}

/**
 * Line index of one file's text. The text must already have its BOM removed: the BOM is
 * invisible in every editor, so columns on line 1 count from the first visible character.
 * CRLF, CR and LF all end a line.
 */
export class LineIndex {
  private startsCache: number[] | undefined;
  /** Per line: whether it holds a surrogate pair (else a column is just an offset difference). */
  private readonly astral = new Map<number, boolean>();

  constructor(readonly text: string) {}

  /** Line starts, computed on first use: most files never need a position. */
  private get starts(): number[] {
    if (this.startsCache) return this.startsCache;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.startsCache = starts;
    return starts;
  }

  /** Position of a UTF-16 offset into the text. */
  at(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[lo]!;
    // Counting code points from the line's start for each position made a 1 MB line with
    // thousands of links take minutes; most lines have no character beyond U+FFFF at all.
    let astral = this.astral.get(lo);
    if (astral === undefined) {
      const end = lo + 1 < this.starts.length ? this.starts[lo + 1]! : this.text.length;
      astral = /[\uD800-\uDBFF]/.test(this.text.slice(start, end));
      this.astral.set(lo, astral);
    }
    return { line: lo + 1, column: (astral ? codePointLength(this.text.slice(start, o)) : o - start) + 1 };
  }

  /** UTF-16 offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }

  /** Text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? this.starts[line]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** Removes a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
