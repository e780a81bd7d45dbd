// One article file → Article: front matter checked key by key, body rendered.
// Every problem is reported with its position; the article is dropped when it has any.

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { Node, Pair } from 'yaml';
import { didYouMean, type DiagnosticBag } from '../diagnostics.js';
import { msg, type Message } from '../messages/index.js';
import { renderMarkdown, type MarkdownEnv } from '../markdown/index.js';
import { normalizeQuotes } from '../markdown/quotes.js';
import type { Author, Correction, ImageRef, ParsedArticle, Site, SourcePos, Tag } from '../model.js';
import { notBefore, parseDate, type DateError } from './dates.js';
import { opensFrontMatter, readFrontMatter } from './front-matter.js';
import { withoutForbiddenChars } from './forbidden-chars.js';
import { LineIndex, stripBom, type Position } from './positions.js';
import { englishKeyFor, imageKeysNotIndented, isImageKey } from './key-mistakes.js';
import { PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, PLACEHOLDER_TITLE } from './placeholders.js';
import { tagKey } from './tags.js';
import { MAX_SLUG_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, tooLongForName } from './limits.js';
import { isMap, isScalar, isSeq, mapEntries, valueNode, type YamlSource } from './yaml-source.js';

export const ARTICLE_KEYS = ['title', 'summary', 'date', 'updated', 'section', 'author', 'tags', 'image', 'slug', 'draft', 'featured', 'breaking', 'corrections'] as const;
const IMAGE_KEYS = ['src', 'alt', 'caption', 'credit'];
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

/** How long `breaking: true` keeps an article in the bar after its date. */
export const BREAKING_HOURS = 6;

function readBreaking(r: FieldReader, pair: Pair | undefined, date: Date | undefined, timeZone: string): Date | undefined {
  if (!pair) return undefined;
  const node = valueNode(pair);
  if (isScalar(node) && typeof node.value === 'boolean') {
    return node.value && date ? new Date(date.getTime() + BREAKING_HOURS * 3_600_000) : undefined;
  }
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
    r.at(node ?? pair, 'invalid-type', msg('breaking-not-valid'));
    return undefined;
  }
  // «نعم» or "yes" meant true: told as for any yes-or-no key, with the fix.
  if (typeof node.value === 'string' && (YES.test(node.value.trim()) || NO.test(node.value.trim()))) {
    r.boolean(pair, 'breaking');
    return undefined;
  }
  const until = r.date(pair, 'breaking', timeZone);
  if (until && date && until.instant <= date) {
    r.at(node, 'breaking-before-date', msg('breaking-before-date', { hours: BREAKING_HOURS }));
    return undefined;
  }
  return until?.instant;
}

/** The slug an article file gets when its front matter names none: the file's name, or its folder's for `index.md`. */
export function fileSlug(file: string): string {
  const base = path.posix.basename(file);
  return (base.toLowerCase() === 'index.md' ? path.posix.basename(path.posix.dirname(file)) : base.replace(/\.md$/i, '')).normalize('NFC');
}

function readCorrections(r: FieldReader, pair: Pair | undefined, date: Date | undefined, timeZone: string): Correction[] {
  if (!pair) return [];
  const node = valueNode(pair);
  if (node === null) return [];
  if (!isSeq(node)) {
    r.at(node, 'invalid-type', msg('corrections-not-list'));
    return [];
  }
  const out: Correction[] = [];
  for (const item of node.items as Node[]) {
    if (!isMap(item)) {
      r.at(item, 'invalid-type', msg('correction-not-map'));
      continue;
    }
    const entries = new Map(mapEntries(item));
    for (const [key, p] of entries) {
      if (key !== 'date' && key !== 'text') r.at(p, 'unknown-key', msg('correction-unknown-key', { key, suggestion: didYouMean(key, ['date', 'text']) }));
    }
    if (!entries.has('date')) r.at(item, 'missing-key', msg('correction-no-date'));
    if (!entries.has('text')) r.at(item, 'missing-key', msg('correction-no-text'));
    const d = r.date(entries.get('date'), 'correction date', timeZone);
    const at = d && date ? notBefore(d, date, timeZone) : d?.instant;
    if (d && !at) {
      r.at(valueNode(entries.get('date')!), 'correction-before-date', msg('correction-before-date'));
      continue;
    }
    const text = r.prose(entries.get('text'), 'correction text');
    if (d && at && text) out.push({ date: at, dateHasTime: d.hasTime, text });
  }
  return out.sort((a, b) => b.date.getTime() - a.date.getTime());
}

function readAuthors(r: FieldReader, pair: Pair | undefined, site: Site, trusted: boolean): Author[] {
  const defaults = site.defaultAuthor ? site.authors.filter((a) => a.slug === site.defaultAuthor) : [];
  if (!pair) return defaults;
  const node = valueNode(pair);
  const items: Node[] = isSeq(node) ? (node.items as Node[]) : node ? [node] : [];
  if (items.length === 0) {
    r.at(node ?? pair, 'invalid-type', msg('author-not-slug'));
    return defaults;
  }
  const out: Author[] = [];
  for (const item of items) {
    const slug = r.scalarText(item, 'author');
    if (slug === undefined) continue;
    const author = site.authors.find((a) => a.slug === slug);
    if (!author) {
      if (trusted) r.at(item, 'unknown-author', unknownSlug(slug, site.authors, 'author'));
    } else if (!out.includes(author)) out.push(author);
  }
  return out;
}

/** `midad new`'s placeholder left in a published article: one error, at the first place it is. */
function placeholderLeft(
  r: FieldReader, fields: Map<string, Pair>, title: string | undefined, summary: string | undefined,
  body: string, index: LineIndex, bodyStart: number, bag: DiagnosticBag, file: string,
): void {
  if (title === PLACEHOLDER_TITLE) return r.at(valueNode(fields.get('title')!), 'placeholder-left', msg('placeholder-left', { key: 'title' }));
  if (summary === PLACEHOLDER_SUMMARY) return r.at(valueNode(fields.get('summary')!), 'placeholder-left', msg('placeholder-left', { key: 'summary' }));
  const i = body.indexOf(PLACEHOLDER_BODY);
  if (i < 0) return;
  const p = index.at(bodyStart + i);
  bag.error(file, p.line, p.column, 'placeholder-left', msg('placeholder-left-body'));
}

/** Tags as a list in brackets, as the editor would write them: `[أمن, العراق]`. */
const tagList = (names: string[]): string => `[${names.join(', ')}]`;
const splitTags = (s: string): string[] => s.split(/[،,]/).map((t) => t.trim()).filter((t) => t !== '');

function readTags(r: FieldReader, pair: Pair | undefined): Tag[] {
  if (!pair) return [];
  const node = valueNode(pair);
  if (node === null) return [];
  if (!isSeq(node)) {
    // `tags: أمن، العراق` is a list written as text: show it as the list it was meant to be.
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') r.at(node, 'invalid-type', msg('tags-text-not-list', { fixed: tagList(splitTags(node.value)) }));
    else r.at(node, 'invalid-type', msg('tags-not-list'));
    return [];
  }
  // The Arabic comma is what an Arabic keyboard types between words; YAML does not split on it.
  const joined = (node.items as Node[]).find((item) => isScalar(item) && typeof item.value === 'string' && item.value.includes('،'));
  if (joined) {
    const names = (node.items as Node[]).flatMap((item) => (isScalar(item) ? splitTags(String(item.value)) : []));
    r.at(joined, 'tags-arabic-comma', msg('tags-arabic-comma', { fixed: tagList(names) }));
    return [];
  }
  // Thousands of tags are a paste gone wrong, and each would be a page: one error, not a build
  // that writes them all.
  if (node.items.length > MAX_TAGS) {
    r.at(node, 'too-many-tags', msg('too-many-tags', { count: node.items.length, max: MAX_TAGS }));
    return [];
  }
  const out: Tag[] = [];
  const seen = new Set<string>();
  for (const item of node.items as Node[]) {
    const name = r.scalarText(item, 'tag');
    if (name === undefined) continue;
    const key = tagKey(name);
    if (key === '') r.at(item, 'empty-tag', msg('empty-tag', { tag: name }));
    else if (tooLongForName(key, MAX_TAG_LENGTH)) r.at(item, 'tag-too-long', msg('tag-too-long', { length: [...name].length, max: MAX_TAG_LENGTH }));
    else if (!seen.has(key)) {
      seen.add(key);
      out.push({ key, name: name.normalize('NFC').trim() });
    }
  }
  return out;
}

function readImage(r: FieldReader, pair: Pair | undefined, src: SourceFile): ImageRef | undefined {
  if (!pair) return undefined;
  const node = valueNode(pair);
  if (!isMap(node)) {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') r.at(node, 'invalid-type', msg('image-given-as-text', { src: node.value.trim() }));
    else r.at(node ?? pair, 'invalid-type', msg('image-not-map'));
    return undefined;
  }
  const fields = new Map<string, Pair>();
  for (const [key, p] of mapEntries(node)) {
    if (IMAGE_KEYS.includes(key)) fields.set(key, p);
    else r.at(p, 'unknown-key', msg('unknown-image-key', { key, suggestion: didYouMean(key, IMAGE_KEYS) }));
  }
  for (const key of ['src', 'alt']) if (!fields.has(key)) r.at(pair, 'missing-key', msg('missing-image-key', { key }));
  const s = r.text(fields.get('src'), 'image.src');
  const alt = r.text(fields.get('alt'), 'image.alt');
  const caption = r.prose(fields.get('caption'), 'image.caption');
  const credit = r.prose(fields.get('credit'), 'image.credit');
  if (s === undefined) return undefined;
  const p = r.pos(valueNode(fields.get('src')!));
  // A missing or empty alt is an error already; the file is still checked, in the same run.
  return {
    src: s, path: path.resolve(path.dirname(src.abs), s), alt: alt ?? '',
    ...(caption !== undefined ? { caption } : {}), ...(credit !== undefined ? { credit } : {}),
    pos: { file: src.file, ...p },
  };
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

function safeDecode(s: string): string {
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
class TargetLocator {
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

/** Did-you-mean for a section or author: a slug a typo away, or the slug of the one whose display name was written. */
function unknownSlug(written: string, known: Array<{ slug: string; name: string }>, what: 'section' | 'author'): Message {
  const byName = known.find((k) => sameName(k.name, written));
  if (byName) return msg(what === 'section' ? 'section-by-name' : 'author-by-name', { name: written, slug: byName.slug });
  const suggestion = didYouMean(written, known.map((k) => k.slug));
  return what === 'section' ? msg('unknown-section', { section: written, suggestion }) : msg('unknown-author', { author: written, suggestion });
}

/** Names compared as an editor means them: tag keys (hamza forms, tashkeel, ة/ه, spaces) alike. */
function sameName(a: string, b: string): boolean {
  const ka = tagKey(a);
  return ka !== '' && ka === tagKey(b);
}

/** A date that could not be read, with the fix when one is clear. */
function dateProblem(key: string, value: string, e: DateError): Message {
  if (e.error === 'date-day-first') return e.fixed ? msg('date-day-first', { key, value, fixed: e.fixed }) : msg('date-not-calendar', { key, value });
  if (e.error === 'date-in-words') return msg('date-in-words', { key, value, ...(e.fixed ? { fixed: e.fixed } : {}) });
  return msg(e.error, { key, value });
}

/** What editors write for yes and no, in Arabic and English, instead of true and false. */
const LONG_DASHES = /[‐‑‒–—―−]/;
const YES = /^(نعم|أجل|اجل|صح|صحيح|ايوه|yes|y|on|true|1)$/iu;
const NO = /^(لا|كلا|خطأ|خطا|no|n|off|false|0)$/iu;

/** Reads typed values out of front matter, reporting problems at the value's position. */
export class FieldReader {
  /** `rtl`: the site's direction, for quotes around text with no letters (see normalizeQuotes). */
  constructor(private readonly file: string, private readonly y: YamlSource, private readonly bag: DiagnosticBag, private readonly rtl = true) {}

  /** Text readers see (a title, a caption): as `text`, with its quotation marks in the style of the words they hold. */
  prose(pair: Pair | undefined, key: string): string | undefined {
    const s = this.text(pair, key);
    return s === undefined ? undefined : normalizeQuotes(s, this.rtl);
  }

  pos(node: Node | Pair | null | undefined): Position {
    return this.y.pos(node);
  }

  at(node: Node | Pair | null | undefined, code: string, message: Message): void {
    const p = this.y.pos(node);
    this.bag.error(this.file, p.line, p.column, code, message);
  }

  /** A scalar as text: strings as they are, numbers as written (a title may be "1984"). */
  scalarText(node: Node | null, key: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      let s = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
      const cleaned = withoutForbiddenChars(s);
      if (cleaned) {
        const p = this.y.pos(node);
        this.bag.warn(this.file, p.line, p.column, 'control-character', msg('control-character-key', { key, code: cleaned.code }));
        s = cleaned.text;
      }
      if (s.trim() !== '') return s.trim();
      this.at(node, 'empty-value', msg('empty-value', { key }));
      return undefined;
    }
    this.at(node, 'invalid-type', msg('not-a-string', { key, empty: isScalar(node) && node.value === null }));
    return undefined;
  }

  text(pair: Pair | undefined, key: string): string | undefined {
    if (!pair) return undefined;
    const node = valueNode(pair);
    if (node === null) {
      this.at(pair, 'empty-value', msg('no-value', { key }));
      return undefined;
    }
    return this.scalarText(node, key);
  }

  boolean(pair: Pair | undefined, key: string): boolean | undefined {
    if (!pair) return undefined;
    const node = valueNode(pair);
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    // «نعم», "yes" or a quoted "true" are what editors write: name the value and the fix.
    if (isScalar(node) && node.value !== null && node.value !== undefined) {
      const value = String(node.value).trim();
      const fixed = YES.test(value) ? 'true' : NO.test(value) ? 'false' : undefined;
      if (fixed !== undefined && /\p{Script=Arabic}/u.test(value)) this.at(node, 'invalid-type', msg('not-boolean-arabic', { key, value, fixed }));
      else this.at(node, 'invalid-type', msg('not-boolean-given', { key, value, fixed }));
      return undefined;
    }
    this.at(node ?? pair, 'invalid-type', msg('not-boolean', { key }));
    return undefined;
  }

  date(pair: Pair | undefined, key: string, timeZone: string): { instant: Date; hasTime: boolean } | undefined {
    if (!pair) return undefined;
    const node = valueNode(pair);
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      this.at(node ?? pair, 'invalid-date', msg('not-a-date', { key }));
      return undefined;
    }
    const parsed = parseDate(String(node.value), timeZone);
    // Word makes the hyphens of 2026-01-24 long dashes as it types.
    const undashed = 'error' in parsed && LONG_DASHES.test(String(node.value)) ? String(node.value).replace(new RegExp(LONG_DASHES.source, 'g'), '-') : undefined;
    if (undashed !== undefined && !('error' in parseDate(undashed, timeZone))) {
      this.at(node, 'invalid-date', msg('date-long-dash', { key, value: String(node.value), fixed: undashed }));
      return undefined;
    }
    if ('error' in parsed) {
      this.at(node, 'invalid-date', dateProblem(key, String(node.value), parsed));
      return undefined;
    }
    return parsed;
  }
}
