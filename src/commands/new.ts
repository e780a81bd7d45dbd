// `midad new SLUG`: starts an article dated now in the site's
// timezone at content/articles/YYYY/MM/DD/SLUG.md, with every required key and Arabic
// placeholders that say what to write. It is a draft until the editor removes `draft: true`.
// Refuses a slug that is not valid and never overwrites; prints the new file's path.

import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DiagnosticBag, didYouMean, formatReport } from '../diagnostics.js';
import { msg, render, t, type Lang, type Message } from '../messages/index.js';
import { loadSite } from '../config/site.js';
import { isValidSlug } from '../content/article.js';
import { isoInZone, zonedParts } from '../content/dates.js';
import { ARTICLES_DIR } from '../content/load.js';
import type { Site } from '../model.js';
import { PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, PLACEHOLDER_TITLE } from '../content/placeholders.js';

export interface NewOptions {
  /** Absolute site root. */
  root: string;
  slug: string;
  section?: string;
  title?: string;
  now: Date;
  /** No hint on stderr, only the path on stdout. */
  quiet?: boolean;
  /** The language of the messages (default English). */
  lang?: Lang;
}

/** Longest title the front matter accepts, in Unicode code points. */
const MAX_TITLE = 200;

/** Writes the new article; returns the exit status (0, 1 for site errors, 2 for usage). */
export async function newArticle(opts: NewOptions): Promise<number> {
  const lang = opts.lang ?? 'en';
  const usage = (m: Message): number => {
    process.stderr.write(`midad: ${render(m, lang)}\n`);
    return 2;
  };
  // Usage first: a wrong slug or title is reported even when site.yml is broken.
  const slug = opts.slug.normalize('NFC');
  if (!isValidSlug(slug)) {
    const fixed = slugify(slug);
    return usage(msg('new-bad-slug', { slug: opts.slug, example: fixed || 'border-drones' }));
  }
  if (slug === 'index') return usage(msg('new-index-slug'));
  if (opts.title !== undefined && opts.title.trim() === '') return usage(msg('new-empty-title'));
  if (opts.title !== undefined && [...opts.title].length > MAX_TITLE) return usage(msg('new-long-title', { length: [...opts.title].length, max: MAX_TITLE }));

  const bag = new DiagnosticBag();
  const sources = new Map<string, string>();
  const site = await loadSite(opts.root, bag, sources);
  if (!site) {
    process.stderr.write(formatReport(bag.sorted(), (f) => sources.get(f), true, lang));
    return 1;
  }
  const section = opts.section ?? site.sections[0]!.slug;
  if (!site.sections.some((s) => s.slug === section)) {
    const slugs = site.sections.map((s) => s.slug);
    return usage(msg('new-unknown-section', { section, sections: slugs, ...withSuggestion(didYouMean(section, slugs)) }));
  }

  const z = zonedParts(opts.now, site.timezone);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const dayDir = `${ARTICLES_DIR}/${z.year}/${p2(z.month)}/${p2(z.day)}`;
  const rel = `${dayDir}/${slug}.md`;
  // The folder form (SLUG/index.md, images beside it) would have the same permalink.
  const twin = `${dayDir}/${slug}/index.md`;
  if (existsSync(path.join(opts.root, ...twin.split('/')))) {
    process.stderr.write(`midad: ${t(lang, 'new-twin', { file: twin })}\n`);
    return 1;
  }
  const file = path.join(opts.root, ...rel.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, articleText(site, section, opts), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      process.stderr.write(`midad: ${t(lang, 'new-exists', { file: rel })}\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write(`${rel}\n`);
  if (!opts.quiet) process.stderr.write(`midad: ${t(lang, 'new-draft-hint')}\n`);
  return 0;
}

/** The new file: every required key, the optional ones as comments, Arabic placeholders. */
function articleText(site: Site, section: string, opts: NewOptions): string {
  // JSON strings are YAML double-quoted strings: any title is written safely.
  const q = (s: string): string => JSON.stringify(s);
  const author = site.defaultAuthor ?? site.authors[0]?.slug;
  return [
    '---',
    `title: ${q(opts.title?.trim() ?? PLACEHOLDER_TITLE)}`,
    `summary: ${q(PLACEHOLDER_SUMMARY)}`,
    `date: ${isoInZone(opts.now, site.timezone)}`,
    '# updated: تاريخ آخر تحديث ووقته، بالصيغة نفسها',
    `section: ${section}`,
    ...(author ? [`author: ${author}`] : []),
    'tags: []  # مثال: [أمن, الحدود الغربية]',
    '# image:',
    '#   src: photo.jpg  # بجانب هذا الملف',
    '#   alt: وصف قصير للصورة لمن لا يراها',
    '#   caption: التعليق على الصورة',
    '#   credit: مصدر الصورة',
    'draft: true',
    '---',
    '',
    PLACEHOLDER_BODY,
    '',
    '## عنوان فرعي',
    '',
    'تابع هنا بقية الخبر. احذف السطر `draft: true` من الأعلى عندما يصبح الخبر جاهزاً للنشر.',
    '',
  ].join('\n');
}

/** A valid slug close to what was typed (`Border Drones` → `border-drones`), or ''. */
function slugify(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
}

/** `{ suggestion }` only when there is one (the message's parameter is optional, not undefined). */
function withSuggestion(suggestion: string | undefined): { suggestion?: string } {
  return suggestion === undefined ? {} : { suggestion };
}
