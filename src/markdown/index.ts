// The Markdown renderer: markdown-it with raw HTML off, safe links, Arabic heading ids,
// figures with credits, and links between articles left as placeholders to resolve later.

import MarkdownItFactory, { type MarkdownIt, type Token } from 'markdown-it';
import { figurePlugin } from './figure.js';
import { quotesPlugin } from './quotes.js';
import { headingIds } from './heading-id.js';

/** An image found in the body; `line` is 1-based in the body text. */
export interface BodyImage {
  src: string;
  alt: string;
  credit?: string;
  title?: string | undefined;
  /** Alone in its paragraph: rendered as a <figure>. */
  figure: boolean;
  line: number;
}

/** A link in the body, by source position; `line` is 1-based in the body text. */
export interface BodyLink {
  href: string;
  line: number;
}

/** Per-document state the rules fill in while rendering. */
export interface MarkdownEnv {
  [key: string | symbol]: unknown;
  images: BodyImage[];
  /** Links to other articles (`*.md` paths), resolved after all articles are known. */
  articleLinks: BodyLink[];
  /** Links refused for their scheme (javascript:, data:, …). */
  refusedLinks: BodyLink[];
  /** Links by URL that may point into the site (`/articles/…`, `https://…`), checked later (src/site/links.ts). */
  siteLinks?: BodyLink[];
  /** The 1-based body line where quotes or lists nest deeper than markdown-it goes (it drops what is inside). */
  tooDeep?: number;
}

export interface MarkdownOptions {
  language: string;
}

export const ARTICLE_LINK_PLACEHOLDER = /midad:article-link:(\d+)/g;

const SAFE_SCHEME = /^(?:https?:|mailto:|tel:|#|\/|\.{0,2}\/|[^:/?#]*(?:[/?#]|$))/i;

/** Builds the one markdown-it instance a build uses. */
export function createMarkdown(opts: MarkdownOptions): MarkdownIt {
  const arabic = opts.language.toLowerCase().startsWith('ar');
  const md = new MarkdownItFactory({
    html: false, // raw HTML is shown as text
    linkify: true,
    typographer: true,
    quotes: arabic ? '«»“”' : '“”‘’',
  });
  // markdown-it's own validateLink refuses javascript:, vbscript:, file: and most data:;
  // we also refuse any scheme that is not http(s), mailto or tel, and record it.
  const baseValidate = md.validateLink.bind(md);
  md.validateLink = (url: string) => baseValidate(url) && SAFE_SCHEME.test(url.trim());
  md.use(nestingLimit);
  md.use(shiftHeadings);
  md.use(headingIds);
  md.use(figurePlugin, { rtl: arabic });
  md.use(quotesPlugin, { rtl: arabic });
  md.use(trackLines);
  md.use(linkRules);
  return md;
}

/**
 * markdown-it stops at `maxNesting` levels of quotes and lists and drops everything inside the
 * deepest one, without a word: recorded, so the editor hears of it instead of losing the text.
 */
function nestingLimit(md: MarkdownIt): void {
  md.core.ruler.after('block', 'midad_nesting_limit', (state) => {
    const limit = md.options.maxNesting - 1;
    const deep = state.tokens.find((t) => t.nesting === 1 && t.level >= limit);
    if (deep) (state.env as MarkdownEnv).tooDeep = (deep.map?.[0] ?? 0) + 1;
  });
}

/** The article's title is the page's only h1: body headings start at h2. */
function shiftHeadings(md: MarkdownIt): void {
  md.core.ruler.push('midad_shift_headings', (state) => {
    for (const t of state.tokens) {
      if ((t.type === 'heading_open' || t.type === 'heading_close') && t.tag === 'h1') t.tag = 'h2';
    }
  });
}

/** Gives inline tokens the 1-based body line of their block, so rules can report positions. */
function trackLines(md: MarkdownIt): void {
  md.core.ruler.push('midad_lines', (state) => {
    for (const t of state.tokens) {
      if (t.type !== 'inline' || !t.map || !t.children) continue;
      for (const child of t.children) child.meta = { ...(child.meta ?? {}), line: t.map[0] + 1 };
    }
  });
}

/** The 1-based body line a token was found on. */
export const lineOf = (token: Token): number => (token.meta as { line?: number } | null)?.line ?? 1;

/** External links open safely; links to .md files become placeholders for permalinks. */
function linkRules(md: MarkdownIt): void {
  md.core.ruler.push('midad_refused_links', (state) => {
    // A link whose scheme was refused stays as text; markdown-it gives no token for it, so
    // look for its shape in the text of each inline block (code spans and blocks excluded).
    const env = state.env as unknown as MarkdownEnv;
    // Any scheme but the allowed ones (ftp:, javascript:, data:, …), as SAFE_SCHEME refuses them.
    const re = /\]\(\s*<?((?!(?:https?|mailto|tel):)[a-z][a-z0-9+.-]*:(?:[^()\s>]|\([^()\s]*\))*)/gi;
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      const text = block.children.map((t) => (t.type === 'text' ? t.content : t.type === 'softbreak' ? '\n' : '\u0000')).join('');
      // Lines are counted on from the previous match: a long block of such links stays linear.
      let line = (block.map?.[0] ?? 0) + 1;
      let from = 0;
      for (const m of text.matchAll(re)) {
        for (let nl = text.indexOf('\n', from); nl >= 0 && nl < m.index; nl = text.indexOf('\n', nl + 1)) line++;
        from = m.index;
        env.refusedLinks.push({ href: m[1]!, line });
      }
    }
  });
  const defaultOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, rawEnv, self) => {
    const env = rawEnv as unknown as MarkdownEnv;
    const token = tokens[idx]!;
    const href = String(token.attrGet('href') ?? '');
    if (/^(?:https?:)?\/\//i.test(href)) { // protocol-relative links are external too
      token.attrSet('rel', 'external noopener noreferrer');
      if (/^https?:/i.test(href)) (env.siteLinks ??= []).push({ href: decodeHref(href), line: lineOf(token) });
    } else if (href.startsWith('/')) {
      (env.siteLinks ??= []).push({ href: decodeHref(href), line: lineOf(token) });
    } else if (isArticleLink(href)) {
      const n = env.articleLinks.length;
      env.articleLinks.push({ href: decodeHref(href), line: lineOf(token) });
      token.attrSet('href', `midad:article-link:${n}`);
    }
    return defaultOpen(tokens, idx, options, env, self);
  };
}

function isArticleLink(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(href) && /\.md(?:#.*)?$/i.test(href);
}

function decodeHref(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}

/** Renders a body; the env collects images and links for the later stages. */
export function renderMarkdown(md: MarkdownIt, body: string): { html: string; env: MarkdownEnv } {
  const env: MarkdownEnv = { images: [], articleLinks: [], refusedLinks: [], siteLinks: [] };
  const html = md.render(body, env);
  return { html, env };
}
