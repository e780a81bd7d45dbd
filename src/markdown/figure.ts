// The image rules: an image alone in its paragraph becomes a <figure>, and an
// alt text ending in a bracketed credit, `![caption. [credit]](photo.jpg)`, is split into the
// caption and the credit. Done the markdown-it way: a core rule after `inline` marks the
// paragraph, renderer rules print it. Images are emitted as placeholders that the page
// renderer replaces with sharp's renditions (the image stage runs after Markdown).

import type { MarkdownIt, Token } from 'markdown-it';
import { lineOf, type MarkdownEnv } from './index.js';
import { normalizeQuotes } from './quotes.js';

/** `caption. [credit]` → { caption: 'caption.', credit: 'credit' }; no brackets → caption only. */
export function splitCredit(alt: string): { caption: string; credit?: string } {
  const m = /^([\s\S]*?)\s*\[([^[\]]+)\]\s*$/.exec(alt.trim());
  if (!m || !m[2]!.trim()) return { caption: alt.trim() };
  return { caption: m[1]!.trim(), credit: m[2]!.trim() };
}

/** The placeholder a body image stands as in rendered HTML until its renditions exist. */
export function imagePlaceholder(n: number): string {
  return `<!--midad:image:${n}-->`;
}

export const IMAGE_PLACEHOLDER = /<!--midad:image:(\d+)-->/g;

export function figurePlugin(md: MarkdownIt, opts: { rtl: boolean } = { rtl: true }): void {
  md.core.ruler.after('inline', 'midad_figure', (state) => {
    const tokens = state.tokens;
    for (let i = 1; i < tokens.length - 1; i++) {
      const inline = tokens[i]!;
      if (inline.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open') continue;
      const kids = (inline.children ?? []).filter((t) => !(t.type === 'text' && t.content.trim() === '') && t.type !== 'softbreak');
      if (kids.length !== 1 || kids[0]!.type !== 'image') continue;
      const open = tokens[i - 1]!;
      const close = tokens[i + 1]!;
      if (close.type !== 'paragraph_close') continue;
      open.type = 'figure_open';
      open.tag = 'figure';
      close.type = 'figure_close';
      close.tag = 'figure';
      kids[0]!.meta = { ...(kids[0]!.meta ?? {}), figure: true };
      inline.children = [kids[0]!];
    }
  });

  md.renderer.rules.figure_open = () => '';
  md.renderer.rules.figure_close = () => '\n';
  md.renderer.rules.image = (tokens: Token[], idx: number, _options, rawEnv) => {
    const env = rawEnv as unknown as MarkdownEnv;
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const alt = md.renderer.renderInlineAsText(token.children ?? [], _options, rawEnv); // plain text: no raw markup or entities
    const split = splitCredit(alt);
    // markdown-it's smart quotes never reach an image's text: captions get the body's rule here.
    const caption = normalizeQuotes(split.caption, opts.rtl);
    const credit = split.credit === undefined ? undefined : normalizeQuotes(split.credit, opts.rtl);
    const n = env.images.length;
    env.images.push({
      src,
      alt: caption,
      ...(credit !== undefined ? { credit } : {}),
      figure: Boolean(token.meta?.figure),
      line: lineOf(token),
      title: token.attrGet('title') === null ? undefined : String(token.attrGet('title')),
    });
    return imagePlaceholder(n);
  };
}
