// An incremental build renders only the pages whose inputs changed (src/render/
// page-keys.ts, the related-article and search caches). Whatever an editor changes, the site it
// leaves must be the site a fresh build makes: this applies one change after another to a site
// whose pages depend on each other in every way a site's do (listings, related articles, tag
// spellings, links between articles, photos, site.yml, templates) and, after each, compares the
// incrementally built folder with a fresh build of a copy of the site, file by file.

import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { build } from '../../src/build.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { render } from '../../src/messages/index.js';
import { FIXTURES, hashTree, makeImage, NOW, ROOT, tempDir } from '../helpers/site.js';

const SECTIONS = ['politics', 'security'];
const TAGS = ['العراق', 'انتخابات', 'أمن الحدود', 'اقتصاد', 'نفط'];

function articleText(i: number, extra: { title?: string; date?: string; tags?: string[]; body?: string; image?: boolean; draft?: boolean } = {}): string {
  const day = String((i % 20) + 1).padStart(2, '0');
  const tags = extra.tags ?? [TAGS[i % 5]!, TAGS[(i * 3 + 1) % 5]!, 'ملف'];
  return [
    '---',
    `title: "${extra.title ?? `مقال ${i}: أخبار اليوم`}"`,
    `summary: ملخص المقال ${i}.`,
    `date: ${extra.date ?? `2026-01-${day}T${String(i % 24).padStart(2, '0')}:15:00+03:00`}`,
    `section: ${SECTIONS[i % 2]}`,
    `tags: [${tags.join(', ')}]`,
    ...(i % 3 === 0 ? ['author: layla'] : []),
    ...(extra.image ? ['image:', '  src: photo.jpg', `  alt: صورة المقال ${i}`, '  caption: تعليق', '  credit: وكالة'] : []),
    ...(extra.draft ? ['draft: true'] : []),
    '---',
    '',
    extra.body ?? `نص المقال رقم ${i}.\n\n## عنوان فرعي\n\nفقرة ثانية.`,
    '',
  ].join('\n');
}

const fileOf = (i: number): string => `content/articles/a${String(i).padStart(2, '0')}/index.md`;

async function makeSite(): Promise<string> {
  const root = await tempDir('midad-incremental-');
  await cp(path.join(FIXTURES, 'errors', '_base'), root, { recursive: true });
  await rm(path.join(root, 'content/articles/2026'), { recursive: true });
  const site = path.join(root, 'content/site.yml');
  await writeFile(site, `${await readFile(site, 'utf8')}pageSize: 3\nlogo: logo.png\n`);
  await writeFile(path.join(root, 'logo.png'), await makeImage(200, 60, 'png'));
  for (let i = 0; i < 24; i++) {
    await mkdir(path.join(root, path.dirname(fileOf(i))), { recursive: true });
    await writeFile(path.join(root, fileOf(i)), articleText(i, { image: i % 4 === 0 }));
    if (i % 4 === 0) await writeFile(path.join(root, path.dirname(fileOf(i)), 'photo.jpg'), await makeImage(900 + i, 600));
  }
  // One article links to another's file: its page shows the other's permalink.
  await writeFile(path.join(root, fileOf(5)), articleText(5, { body: 'انظر [المقال السابع](../a07/index.md) للتفاصيل.' }));
  return root;
}

/** The built site's files and bytes, less midad's bookkeeping and the search shards (their ranges depend on the site's history). */
async function siteFiles(out: string): Promise<Map<string, string>> {
  return new Map([...await hashTree(out)].filter(([f]) => !/^pagefind\/|^\.midad-manifest\.json$/.test(f)));
}

async function buildInto(root: string): Promise<{ files: Map<string, string>; rendered: number }> {
  const out = path.join(root, 'public');
  const r = await build({ root, out, drafts: false, future: false, clean: false, write: true, now: new Date(NOW) });
  assert.ok(r.ok, r.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  return { files: await siteFiles(out), rendered: r.stats.rendered };
}

/** A fresh build of a copy of the site (no cache, no previous output). */
async function freshBuildOf(root: string): Promise<Map<string, string>> {
  const copy = await tempDir('midad-incremental-fresh-');
  await cp(path.join(root, 'content'), path.join(copy, 'content'), { recursive: true });
  await cp(path.join(root, 'logo.png'), path.join(copy, 'logo.png'));
  await cp(path.join(root, 'templates'), path.join(copy, 'templates'), { recursive: true }).catch(() => undefined);
  const files = (await buildInto(copy)).files;
  await rm(copy, { recursive: true, force: true });
  return files;
}

function assertSameSite(incremental: Map<string, string>, fresh: Map<string, string>, step: string): void {
  const differ = [...new Set([...incremental.keys(), ...fresh.keys()])].filter((f) => incremental.get(f) !== fresh.get(f));
  assert.deepEqual(differ, [], `after "${step}", these files differ from a fresh build's`);
}

describe('incremental builds give the site a fresh build gives', () => {
  test('after each of a series of edits', async () => {
    const root = await makeSite();
    const edit = async (rel: string, change: (text: string) => string): Promise<void> => {
      const file = path.join(root, rel);
      await writeFile(file, change(await readFile(file, 'utf8')));
    };
    const steps: Array<[string, () => Promise<void>, number?]> = [
      ['an edited body', () => edit(fileOf(10), (t) => t.replace('فقرة ثانية.', 'فقرة ثانية معدلة.'))],
      ['a new title (on listings, the home page and other articles\' related lists)', () => edit(fileOf(12), (t) => t.replace('مقال 12: أخبار اليوم', 'عنوان جديد للمقال'))],
      ['a new date (the order of every listing it is in)', () => edit(fileOf(3), (t) => t.replace(/date: .*/, 'date: 2026-01-25T09:00:00+03:00'))],
      // Every article has «ملف», and a00, the oldest, is the first file: its spelling is the one
      // every article's page shows, though most of them do not list a00 among their related articles.
      ['a tag spelled differently in the article that first spells it', () => edit(fileOf(0), (t) => t.replace('ملف]', 'مِلف]'))],
      ['different tags (other articles\' related lists)', () => edit(fileOf(7), (t) => t.replace(/tags: .*/, 'tags: [نفط, وسم جديد]'))],
      ['a new photo under the same file name', async () => {
        await writeFile(path.join(root, path.dirname(fileOf(8)), 'photo.jpg'), await makeImage(1200, 700));
      }],
      // a05 links to a07's file; a07's new date is a new permalink, which a05's body shows.
      ['a linked article\'s new permalink (the linking article\'s body)', () => edit(fileOf(7), (t) => t.replace(/date: 2026-01-08/, 'date: 2026-01-19'))],
      // The logo is published under a name made from its bytes, which every page's metadata names.
      ['a new logo under the same file name', async () => writeFile(path.join(root, 'logo.png'), await makeImage(240, 60, 'png'))],
      ['an article added', async () => {
        await mkdir(path.join(root, 'content/articles/new-one'), { recursive: true });
        await writeFile(path.join(root, 'content/articles/new-one/index.md'), articleText(30, { date: '2026-01-28T10:00:00+03:00' }));
      }],
      ['an article deleted', () => rm(path.join(root, path.dirname(fileOf(14))), { recursive: true })],
      ['an article made a draft', () => edit(fileOf(16), (t) => t.replace('---\n\n', 'draft: true\n---\n\n'))],
      ['a section renamed in site.yml', () => edit('content/site.yml', (t) => t.replace('name: سياسة', 'name: السياسة'))],
      ['an author renamed in site.yml', () => edit('content/site.yml', (t) => t.replace('name: ليلى حسن', 'name: ليلى حسن علي'))],
      ['a changed card template', async () => {
        await mkdir(path.join(root, 'templates/partials'), { recursive: true });
        const card = await readFile(path.join(ROOT, 'templates/partials/card.njk'), 'utf8');
        await writeFile(path.join(root, 'templates/partials/card.njk'), card.replace('{{ a.title }}', '{{ a.title }} ·'));
      }],
      ['nothing at all', async () => undefined, 0],
    ];
    let previous = await buildInto(root);
    assertSameSite(previous.files, await freshBuildOf(root), 'the first build');
    for (const [step, change, expectRendered] of steps) {
      await change();
      const now = await buildInto(root);
      assertSameSite(now.files, await freshBuildOf(root), step);
      if (expectRendered !== undefined) assert.equal(now.rendered, expectRendered, `pages rendered after "${step}"`);
      else assert.notDeepEqual(now.files, previous.files, `"${step}" changed nothing in the site: not a useful step`);
      previous = now;
    }
    await rm(root, { recursive: true, force: true });
  });

  test('a CI runner that restores .midad-cache and public/ (publish.yml) into a fresh checkout renders only what a push changed', async () => {
    const root = await makeSite();
    await buildInto(root);
    // The next run: a fresh checkout at the same path (every file new, with new mtimes), the
    // two cached folders restored.
    const saved = await tempDir('midad-incremental-ci-');
    await cp(root, saved, { recursive: true });
    await rm(root, { recursive: true, force: true });
    await cp(saved, root, { recursive: true, preserveTimestamps: false });
    await rm(saved, { recursive: true, force: true });
    const runner = root;
    const file = path.join(runner, fileOf(11));
    await writeFile(file, (await readFile(file, 'utf8')).replace('فقرة ثانية.', 'فقرة ثانية بعد التعديل.'));
    const out = path.join(runner, 'public');
    const r = await build({ root: runner, out, drafts: false, future: false, clean: false, write: true, now: new Date(NOW) });
    assert.ok(r.ok, r.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    assert.ok(r.stats.rendered >= 1 && r.stats.rendered <= 12, `${r.stats.rendered} pages rendered`);
    assert.equal(r.stats.parsed, 1, 'only the edited article is parsed again');
    assert.match(r.stats.search ? render(r.stats.search, 'en') : '', /^\d+ shards? of \d+ articles: 1 made, \d+ kept/, "only the edited article's search shard is made again");
    assertSameSite(await siteFiles(out), await freshBuildOf(runner), 'a push on a CI runner');
    await rm(runner, { recursive: true, force: true });
  });

  test('an edited body renders its page and no other (the listings show no body)', async () => {
    const root = await makeSite();
    await buildInto(root);
    const file = path.join(root, fileOf(11));
    await writeFile(file, (await readFile(file, 'utf8')).replace('فقرة ثانية.', 'فقرة ثانية بعد التعديل.'));
    const again = await buildInto(root);
    // Its page, and the listings showing its card: the reading time is on the card, and a
    // body's word count may change it; those re-render to the same bytes when it did not.
    assert.ok(again.rendered >= 1 && again.rendered <= 12, `${again.rendered} pages rendered`);
    await rm(root, { recursive: true, force: true });
  });
});
