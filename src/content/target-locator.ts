// Where a link or image target that markdown-it reports stands in the article's source
// (markdown-it gives only its block's first line), for errors at the target itself.

import type { LineIndex, Position } from './positions.js';

/** A percent-encoded target as the editor wrote it (unchanged when it does not decode). */
export function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/**
 * Finds where the link and image targets markdown-it reports start in the source (it gives
 * only the first line of their block). A target is looked for as the editor wrote it
 * (markdown-it percent-encodes what is not ASCII), then as given, in this order: written as a
 * target (after `(` or `<`) in its own block (up to the next blank line); in a reference
 * definition (`[r]: a.jpg`, anywhere: a reference-style use); written as a target after its
 * block; anywhere in its block; anywhere after it. An inline target is taken once, so two
 * references to one file get their own columns and prose that names the file (`see a.jpg`)
 * is passed over. Failing all that, the block's line, column 1.
 */
export class TargetLocator {
  private readonly used = new Set<number>();
  /** Where each search (needle, range, kind) goes on from: what lies before is taken or refused. */
  private readonly cursors = new Map<string, number>();
  private readonly blockEnds = new Map<number, number>();

  constructor(private readonly index: LineIndex) {}

  find(line: number, href: string): Position {
    const text = this.index.text;
    const blockStart = this.index.lineStart(line);
    let blockEnd = this.blockEnds.get(blockStart);
    if (blockEnd === undefined) {
      const blank = /\n[ \t]*(?:\r?\n|$)/g;
      blank.lastIndex = blockStart;
      blockEnd = blank.exec(text)?.index ?? text.length;
      this.blockEnds.set(blockStart, blockEnd);
    }
    for (const needle of new Set([safeDecode(href), href])) {
      if (needle === '') continue;
      const inBlock = this.first(needle, blockStart, blockEnd, 'inline')
        ?? this.first(needle, 0, text.length, 'definition', false)
        ?? this.first(needle, blockEnd, text.length, 'inline')
        ?? this.first(needle, blockStart, blockEnd, 'any')
        ?? this.first(needle, blockEnd, text.length, 'any');
      if (inBlock !== undefined) return this.index.at(inBlock);
    }
    return { line, column: 1 };
  }

  private where(kind: 'inline' | 'definition' | 'any', at: number): boolean {
    const text = this.index.text;
    if (kind === 'inline') return /[(<]$/.test(text.slice(Math.max(0, at - 1), at));
    if (kind === 'definition') return /\]:[ \t]*<?$/.test(text.slice(Math.max(0, at - 16), at));
    return true;
  }

  /**
   * The first offset of `needle` in [from, to) of the kind asked for that is not taken; taken
   * now if `take`. Each search resumes where the same search stopped, so a line holding the
   * same link thousands of times is searched once, not once per link.
   */
  private first(needle: string, from: number, to: number, kind: 'inline' | 'definition' | 'any', take = true): number | undefined {
    const text = this.index.text;
    const key = `${kind}\0${from}\0${to}\0${needle}`;
    const start = this.cursors.get(key) ?? from;
    for (let at = text.indexOf(needle, start); at >= 0 && at < to; at = text.indexOf(needle, at + 1)) {
      if (this.used.has(at) || !this.where(kind, at)) continue;
      // A search that does not take what it finds finds the same offset next time.
      this.cursors.set(key, take ? at + 1 : at);
      if (take) this.used.add(at);
      return at;
    }
    this.cursors.set(key, to);
    return undefined;
  }
}
