// An article's front-matter fields that are more than a typed value: authors, tags, the image,
// corrections, `breaking`, and the placeholder `midad new` leaves; each reports at its node.

import path from 'node:path';
import type { Node, Pair } from 'yaml';
import { didYouMean, type DiagnosticBag } from '../diagnostics.js';
import { msg, type Message } from '../messages/index.js';
import type { Author, Correction, ImageRef, Site, Tag } from '../model.js';
import type { SourceFile } from './article.js';
import { notBefore } from './dates.js';
import { MAX_TAG_LENGTH, MAX_TAGS, tooLongForName } from './limits.js';
import { PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, PLACEHOLDER_TITLE } from './placeholders.js';
import type { LineIndex } from './positions.js';
import { tagKey } from './tags.js';
import { FieldReader, saysYesOrNo } from './yaml-fields.js';
import { isMap, isScalar, isSeq, valueNode } from './yaml-source.js';

const IMAGE_KEYS = ['src', 'alt', 'caption', 'credit'];
const CORRECTION_KEYS = ['date', 'text'];

/** How long `breaking: true` keeps an article in the bar after its date. */
export const BREAKING_HOURS = 6;

export function readBreaking(r: FieldReader, pair: Pair | undefined, date: Date | undefined, timeZone: string): Date | undefined {
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
  if (typeof node.value === 'string' && saysYesOrNo(node.value)) {
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

export function readCorrections(r: FieldReader, pair: Pair | undefined, date: Date | undefined, timeZone: string): Correction[] {
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
    const entries = r.knownKeys(item, CORRECTION_KEYS, (key, suggestion) => msg('correction-unknown-key', { key, suggestion }));
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

export function readAuthors(r: FieldReader, pair: Pair | undefined, site: Site, trusted: boolean): Author[] {
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
export function placeholderLeft(
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

export function readTags(r: FieldReader, pair: Pair | undefined): Tag[] {
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

export function readImage(r: FieldReader, pair: Pair | undefined, src: SourceFile): ImageRef | undefined {
  if (!pair) return undefined;
  const node = valueNode(pair);
  if (!isMap(node)) {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') r.at(node, 'invalid-type', msg('image-given-as-text', { src: node.value.trim() }));
    else r.at(node ?? pair, 'invalid-type', msg('image-not-map'));
    return undefined;
  }
  const fields = r.knownKeys(node, IMAGE_KEYS, (key, suggestion) => msg('unknown-image-key', { key, suggestion }));
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

/** Did-you-mean for a section or author: a slug a typo away, or the slug of the one whose display name was written. */
export function unknownSlug(written: string, known: Array<{ slug: string; name: string }>, what: 'section' | 'author'): Message {
  const byName = known.find((k) => sameName(k.name, written));
  if (byName) return msg(what === 'section' ? 'section-by-name' : 'author-by-name', { name: written, suggestion: byName.slug });
  const suggestion = didYouMean(written, known.map((k) => k.slug));
  return what === 'section' ? msg('unknown-section', { section: written, suggestion }) : msg('unknown-author', { author: written, suggestion });
}

/** Names compared as an editor means them: tag keys (hamza forms, tashkeel, ة/ه, spaces) alike. */
function sameName(a: string, b: string): boolean {
  const ka = tagKey(a);
  return ka !== '' && ka === tagKey(b);
}
