// Static pages (about, contact, privacy…): content/pages/**/*.md → StaticPage, front matter
// checked with positions like an article's, the body rendered by the same Markdown rules.
// They are read afresh on every build: a site has a handful, and their hash is in the build key.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { Pair } from 'yaml';
import type { DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import { renderMarkdown } from '../markdown/index.js';
import type { Section, StaticPage } from '../model.js';
import { isValidSlug } from './article.js';
import { FieldReader } from './yaml-fields.js';
import { decodeUtf8 } from './encoding.js';
import { readFrontMatter } from './front-matter.js';
import { LineIndex, stripBom } from './positions.js';
import { isMap, valueNode } from './yaml-source.js';
import { SITE_ADDRESSES } from '../site/reserved.js';

export const PAGES_DIR = 'content/pages';
const PAGE_KEYS = ['title', 'summary', 'slug'] as const;

/** Every `*.md` under content/pages, relative to the root, in file-name order (the footer's). */
export function findPageFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) out.push(`${rel}/${e.name}`);
    }
  };
  walk(path.join(root, PAGES_DIR), PAGES_DIR);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Reads and checks every static page; the ones with errors are left out (their errors are in
 * `bag`). Slugs are checked against the sections, the site's own folders and each other.
 */
export function readPages(root: string, sections: readonly Section[], md: MarkdownIt, bag: DiagnosticBag, rtl = true): StaticPage[] {
  const pages: StaticPage[] = [];
  const taken = new Map<string, string>();
  for (const file of findPageFiles(root)) {
    const page = readPage(root, file, md, bag, rtl);
    if (!page) continue;
    const clash = sections.some((s) => s.slug === page.slug) ? 'section' : SITE_ADDRESSES.has(page.slug) ? 'site' : undefined;
    const other = taken.get(page.slug);
    if (clash) bag.error(file, page.slugPos.line, page.slugPos.column, 'page-slug-clash', msg('page-slug-clash', { slug: page.slug, section: clash === 'section' }));
    else if (other) bag.error(file, page.slugPos.line, page.slugPos.column, 'page-slug-clash', msg('page-slug-twice', { slug: page.slug, other }));
    else {
      taken.set(page.slug, file);
      pages.push(page);
    }
  }
  return pages;
}

function readPage(root: string, file: string, md: MarkdownIt, bag: DiagnosticBag, rtl: boolean): StaticPage | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(root, file));
  } catch (err) {
    bag.error(file, 1, 1, 'unreadable-file', msg('unreadable-file', { code: (err as NodeJS.ErrnoException).code ?? 'error' }));
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') {
    bag.error(file, decoded.error.line, decoded.error.column, 'not-utf8', msg('not-utf8'));
    return undefined;
  }
  const text = stripBom(decoded);
  const index = new LineIndex(text);
  const before = bag.errorCount;
  const split = readFrontMatter(file, index, bag, 'page');
  if (!split) return undefined;
  const y = split.yaml;
  if (y.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return undefined;
  const r = new FieldReader(file, y, bag, rtl);
  const contents = y.doc.contents;
  if (contents !== null && !isMap(contents)) {
    r.at(contents, 'front-matter-not-map', msg('front-matter-not-map'));
    return undefined;
  }
  const fields = contents ? r.knownKeys(contents, PAGE_KEYS, (key, suggestion) => msg('unknown-key', { key, suggestion })) : new Map<string, Pair>();
  if (!fields.has('title')) bag.error(file, 1, 1, 'missing-key', msg('page-no-title'));
  const title = r.prose(fields.get('title'), 'title');
  const summary = r.prose(fields.get('summary'), 'summary');
  const slugPair = fields.get('slug');
  let slug = r.text(slugPair, 'slug')?.normalize('NFC');
  const slugPos = slugPair ? r.pos(valueNode(slugPair)) : { line: 1, column: 1 };
  if (slug !== undefined && !isValidSlug(slug)) {
    r.at(valueNode(slugPair!), 'invalid-slug', msg('invalid-slug', { slug }));
    slug = undefined;
  } else if (slug === undefined && !slugPair) {
    const name = path.posix.basename(file).replace(/\.md$/i, '').normalize('NFC');
    if (isValidSlug(name)) slug = name;
    else bag.error(file, 1, 1, 'invalid-file-slug', msg('invalid-file-slug', { name }));
  }
  const { html, env } = renderMarkdown(md, text.slice(split.bodyStart));
  // Pages are text: the image pipeline and links between articles are for articles only.
  const first = env.images[0] ?? env.articleLinks[0];
  if (first) bag.error(file, split.bodyLine + first.line - 1, 1, 'page-unsupported', msg(env.images[0] ? 'page-image' : 'page-article-link'));
  if (bag.errorCount > before || !title || !slug) return undefined;
  return {
    file, slug, title, ...(summary ? { summary } : {}), html, slugPos,
    sourceHash: createHash('sha1').update(bytes).digest('hex'),
  };
}
