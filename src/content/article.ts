// One article file → Article: front matter checked key by key, body rendered.
// Every problem is reported with its position; the article is dropped when it has any.

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { Pair } from 'yaml';
import { didYouMean, type DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import { renderMarkdown, type MarkdownEnv } from '../markdown/index.js';
import type { ImageRef, ParsedArticle, Site, SourcePos } from '../model.js';
import { notBefore } from './dates.js';
import { opensFrontMatter, readFrontMatter } from './front-matter.js';
import { withoutForbiddenChars } from './forbidden-chars.js';
import { LineIndex, stripBom } from './positions.js';
import { englishKeyFor, imageKeysNotIndented, isImageKey } from './key-mistakes.js';
import { MAX_SLUG_LENGTH, tooLongForName } from './limits.js';
import { placeholderLeft, readAuthors, readBreaking, readCorrections, readImage, readTags, unknownSlug } from './article-fields.js';
import { safeDecode, TargetLocator } from './target-locator.js';
import { FieldReader } from './yaml-fields.js';
import { isMap, mapEntries, valueNode } from './yaml-source.js';

export const ARTICLE_KEYS = ['title', 'summary', 'date', 'updated', 'section', 'author', 'tags', 'image', 'slug', 'draft', 'featured', 'breaking', 'corrections'] as const;
const REQUIRED = ['title', 'summary', 'date', 'section'] as const;

/** Letters and digits of any script joined by single hyphens; no upper-case letters. */
const SLUG = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
export const isValidSlug = (s: string): boolean => SLUG.test(s) && !/\p{Lu}/u.test(s);

/** An article file as read from disk. */
export interface SourceFile {
  /** Path relative to the site root, forward slashes. */
  file: string;
  /** Absolute path (after following links). */
  abs: string;
  text: string;
  /** SHA-1 of the file's bytes. */
  sourceHash: string;
}

/** A parsed article and its rendered body (stored apart from the article, see BodyStore). */
export interface ParseResult {
  article: ParsedArticle;
  bodyHtml: string;
}

/** Which site.yml lists can be trusted (false when site.yml itself has errors there). */
export interface SiteTrust {
  sections: boolean;
  authors: boolean;
}

/**
 * Parses one article. `imagesOut`, when given, receives the article's image references even
 * when the article has errors, so image errors are reported in the same run.
 */
export function parseArticle(
  src: SourceFile, site: Site, md: MarkdownIt, bag: DiagnosticBag,
  trust: SiteTrust = { sections: true, authors: true }, imagesOut?: ImageRef[],
): ParseResult | undefined {
  const text = stripBom(src.text);
  const index = new LineIndex(text);
  const before = bag.errorCount;
  // The body's images are checked even when the front matter is unusable, so that their errors
  // come in the same run: with no front matter the whole file is the body; an
  // unclosed one leaves no body to speak of.
  const imagesOfBody = (bodyStart: number, bodyLine: number): void => {
    if (imagesOut) imagesOut.push(...bodyImageRefs(renderMarkdown(md, text.slice(bodyStart)).env, src, index, bodyLine));
  };
  const split = readFrontMatter(src.file, index, bag);
  if (!split) {
    if (!opensFrontMatter(text)) imagesOfBody(0, 1);
    return undefined;
  }
  const y = split.yaml;
  // A syntax error makes every later complaint about the front matter a guess: it is reported
  // alone, with the body's images.
  if (y.refused) {
    imagesOfBody(split.bodyStart, split.bodyLine);
    return undefined;
  }
  const r = new FieldReader(src.file, y, bag, site.direction === 'rtl');
  const contents = y.doc.contents;
  const fields = new Map<string, Pair>();
  if (contents !== null && !isMap(contents)) {
    r.at(contents, 'front-matter-not-map', msg('front-matter-not-map'));
    return undefined;
  }
  const looseImageKey = contents ? imageKeysNotIndented(contents) : undefined;
  /** Keys given under an Arabic name: told once, not also as missing. */
  const namedInArabic = new Set<string>();
  if (looseImageKey) r.at(looseImageKey, 'yaml-bad-indent', msg('image-keys-not-indented', { key: String((looseImageKey.key as { value: unknown }).value) }));
  for (const [key, pair] of contents ? mapEntries(contents) : []) {
    if ((ARTICLE_KEYS as readonly string[]).includes(key)) fields.set(key, pair);
    else if (looseImageKey && isImageKey(key)) continue;
    else if (englishKeyFor(key)) {
      r.at(pair, 'unknown-key', msg('unknown-key-arabic', { key, english: englishKeyFor(key)! }));
      namedInArabic.add(englishKeyFor(key)!);
    }
    else r.at(pair, 'unknown-key', msg('unknown-key', { key, suggestion: didYouMean(key, ARTICLE_KEYS) }));
  }
  if (looseImageKey) fields.delete('image');
  for (const key of REQUIRED) {
    if (!fields.has(key) && !namedInArabic.has(key)) bag.error(src.file, 1, 1, 'missing-key', msg('missing-key', { key }));
  }

  const title = r.prose(fields.get('title'), 'title');
  if (title !== undefined && [...title].length > 200) r.at(valueNode(fields.get('title')!), 'title-too-long', msg('title-too-long', { length: [...title].length, max: 200 }));
  const summary = r.prose(fields.get('summary'), 'summary');

  const date = r.date(fields.get('date'), 'date', site.timezone);
  const updatedAt = r.date(fields.get('updated'), 'updated', site.timezone);
  const updated = updatedAt && date ? notBefore(updatedAt, date.instant, site.timezone) : updatedAt?.instant;
  if (updatedAt && !updated) r.at(valueNode(fields.get('updated')!), 'updated-before-date', msg('updated-before-date'));

  const sectionSlug = r.text(fields.get('section'), 'section');
  const section = site.sections.find((s) => s.slug === sectionSlug);
  if (sectionSlug !== undefined && !section && trust.sections) {
    r.at(valueNode(fields.get('section')!), 'unknown-section', unknownSlug(sectionSlug, site.sections, 'section'));
  }

  const authors = readAuthors(r, fields.get('author'), site, trust.authors);
  const tags = readTags(r, fields.get('tags'));
  const draft = r.boolean(fields.get('draft'), 'draft') ?? false;
  const featured = r.boolean(fields.get('featured'), 'featured') ?? false;
  const breakingUntil = readBreaking(r, fields.get('breaking'), date?.instant, site.timezone);
  const corrections = readCorrections(r, fields.get('corrections'), date?.instant, site.timezone);

  let slug = r.text(fields.get('slug'), 'slug')?.normalize('NFC');
  if (slug !== undefined && tooLongForName(slug, MAX_SLUG_LENGTH)) {
    r.at(valueNode(fields.get('slug')!), 'slug-too-long', msg('slug-too-long', { length: [...slug].length, max: MAX_SLUG_LENGTH }));
    slug = undefined;
  } else if (slug !== undefined && !isValidSlug(slug)) {
    r.at(valueNode(fields.get('slug')!), 'invalid-slug', msg('invalid-slug', { slug }));
    slug = undefined;
  } else if (slug === undefined && !fields.has('slug')) {
    const fromName = fileSlug(src.file);
    if (isValidSlug(fromName)) slug = fromName;
    else bag.error(src.file, 1, 1, 'invalid-file-slug', msg('invalid-file-slug', { name: fromName }));
  }

  const image = readImage(r, fields.get('image'), src);

  let body = text.slice(split.bodyStart);
  if (!draft) placeholderLeft(r, fields, title, summary, body, index, split.bodyStart, bag, src.file);
  const cleaned = withoutForbiddenChars(body);
  if (cleaned) {
    const p = index.at(split.bodyStart + cleaned.first);
    bag.warn(src.file, p.line, p.column, 'control-character', msg('control-character-body', { code: cleaned.code }));
    body = cleaned.text;
  }
  const { html, env } = renderMarkdown(md, body);
  if (env.tooDeep !== undefined) {
    const p = index.at(index.lineStart(split.bodyLine + env.tooDeep - 1));
    bag.error(src.file, p.line, p.column, 'nested-too-deep', msg('nested-too-deep', { max: md.options.maxNesting }));
  }
  const locate = new TargetLocator(index);
  const bodyImages = bodyImageRefs(env, src, index, split.bodyLine, locate);
  for (const link of env.refusedLinks) {
    const p = locate.find(split.bodyLine + link.line - 1, link.href);
    bag.warn(src.file, p.line, p.column, 'unsafe-link', msg('unsafe-link', { href: link.href }));
  }
  const articleLinks = env.articleLinks.map((l) => {
    const [target] = l.href.split('#');
    return { href: l.href, target: path.resolve(path.dirname(src.abs), target!), pos: { file: src.file, ...locate.find(split.bodyLine + l.line - 1, l.href) } };
  });
  const siteLinks = (env.siteLinks ?? []).map((l) => ({ href: l.href, pos: { file: src.file, ...locate.find(split.bodyLine + l.line - 1, l.href) } }));

  if (bag.errorCount > before && imagesOut) {
    if (image) imagesOut.push(image);
    imagesOut.push(...bodyImages);
  }
  if (bag.errorCount > before || !title || !summary || !date || !section || !slug) return undefined;
  const article: ParsedArticle = {
    file: src.file, slug, title, summary,
    date: date.instant, dateHasTime: date.hasTime,
    ...(updated ? { updated } : {}),
    section, authors, tags, draft,
    ...(featured ? { featured } : {}),
    ...(breakingUntil ? { breakingUntil } : {}),
    ...(corrections.length ? { corrections } : {}),
    ...(image ? { image } : {}),
    bodyHash: createHash('sha1').update(html).digest('hex'), bodyImages, articleLinks, siteLinks,
    wordCount: countWords(body),
    sourceHash: src.sourceHash,
  };
  return { article, bodyHtml: html };
}

/** The slug an article file gets when its front matter names none: the file's name, or its folder's for `index.md`. */
export function fileSlug(file: string): string {
  const base = path.posix.basename(file);
  return (base.toLowerCase() === 'index.md' ? path.posix.basename(path.posix.dirname(file)) : base.replace(/\.md$/i, '')).normalize('NFC');
}

function bodyImageRefs(env: MarkdownEnv, src: SourceFile, index: LineIndex, bodyLine: number, locate = new TargetLocator(index)): ImageRef[] {
  return env.images.map((img) => {
    // markdown-it percent-encodes what is not ASCII (صورة.jpg, a name with spaces): the source
    // and the messages hold the name as the editor wrote it.
    const written = safeDecode(img.src);
    const p = locate.find(bodyLine + img.line - 1, img.src);
    return {
      src: written, path: path.resolve(path.dirname(src.abs), written), alt: img.alt,
      ...(img.figure ? { caption: img.alt } : {}), ...(img.credit !== undefined ? { credit: img.credit } : {}),
      pos: { file: src.file, ...p },
    };
  });
}

/** Words for reading time: runs of non-space characters that hold a letter or digit. */
export function countWords(markdown: string): number {
  let words = 0;
  let inWord = false;
  let hasLetter = false;
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 13 || c === 9 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b);
    if (space) {
      if (inWord && hasLetter) words++;
      inWord = false;
      hasLetter = false;
    } else {
      inWord = true;
      // Latin letters and digits, or anything from Arabic and beyond (U+00C0 up).
      if (!hasLetter && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0)) hasLetter = true;
    }
  }
  return words + (inWord && hasLetter ? 1 : 0);
}

