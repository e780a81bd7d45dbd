// `midad new SLUG`: starts an article dated today in the site's timezone, with every
// required key and Arabic placeholders that say what to write (contract §1).

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DiagnosticBag, formatReport, suggestion } from '../diagnostics.js';
import { loadSite } from '../config/site.js';
import { isValidSlug } from '../content/article.js';
import { isoInZone, zonedParts } from '../content/dates.js';
import { ARTICLES_DIR } from '../content/load.js';

export interface NewOptions {
  root: string;
  slug: string;
  section?: string;
  title?: string;
  now: Date;
}

/** Writes the new article; returns the exit status (0, 1 for site errors, 2 for usage). */
export async function newArticle(opts: NewOptions): Promise<number> {
  const bag = new DiagnosticBag();
  const sources = new Map<string, string>();
  const site = await loadSite(opts.root, bag, sources);
  if (!site) {
    process.stderr.write(formatReport(bag.sorted(), (f) => sources.get(f)));
    return 1;
  }
  const slug = opts.slug.normalize('NFC');
  if (!isValidSlug(slug)) {
    process.stderr.write(`midad: "${opts.slug}" is not a valid slug: use letters and digits joined by single hyphens (Latin in lower case), e.g. border-drones\n`);
    return 2;
  }
  const section = opts.section ?? site.sections[0]!.slug;
  if (!site.sections.some((s) => s.slug === section)) {
    process.stderr.write(`midad: section "${section}" is not defined in content/site.yml${suggestion(section, site.sections.map((s) => s.slug))}\n`);
    return 2;
  }
  const z = zonedParts(opts.now, site.timezone);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const rel = `${ARTICLES_DIR}/${z.year}/${p2(z.month)}/${p2(z.day)}/${slug}.md`;
  const file = path.join(opts.root, ...rel.split('/'));
  const yamlString = (s: string): string => JSON.stringify(s);
  const text = [
    '---',
    `title: ${yamlString(opts.title ?? 'اكتب العنوان هنا')}`,
    `summary: ${yamlString('اكتب هنا الموجز: جملة أو جملتان تلخصان الخبر وتظهران تحت العنوان وفي نتائج البحث.')}`,
    `date: ${isoInZone(opts.now, site.timezone)}`,
    `section: ${section}`,
    ...(site.defaultAuthor ? [`author: ${site.defaultAuthor}`] : site.authors[0] ? [`author: ${site.authors[0].slug}`] : []),
    'tags: []',
    '# image:',
    '#   src: photo.jpg',
    '#   alt: وصف قصير للصورة لمن لا يراها',
    '#   caption: التعليق على الصورة',
    '#   credit: مصدر الصورة',
    'draft: true',
    '---',
    '',
    'اكتب هنا الفقرة الأولى من الخبر: من، ماذا، متى، أين.',
    '',
    '## عنوان فرعي',
    '',
    'تابع هنا بقية الخبر. احذف `draft: true` من الأعلى عندما يصبح الخبر جاهزاً للنشر.',
    '',
  ].join('\n');
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, text, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      process.stderr.write(`midad: ${rel} already exists; it was left as it is\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write(`${rel}\n`);
  return 0;
}
