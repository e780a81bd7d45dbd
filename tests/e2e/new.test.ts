// `midad new SLUG`: a new article for today in the site's
// timezone, with every required key and Arabic placeholders; it checks and builds as a
// draft; --section and --title; never overwrites; a slug that is not valid is refused.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { listFiles, makeSite, readOut, runCli, writeFiles } from '../helpers/site.js';

const SITE_YML = `title: الفاصل
description: موقع للاختبار
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: politics
    name: سياسة
  - slug: security
    name: أمن
authors:
  - slug: fassel-team
    name: فريق عمل الفاصل
  - slug: layla
    name: ليلى حسن
defaultAuthor: fassel-team
`;

/** 22:30 UTC is already the next day in Baghdad (UTC+3). */
const NOW = '2026-03-01T22:30:00Z';
const site = (): Promise<string> => makeSite({ 'content/site.yml': SITE_YML, 'content/articles/.keep': '' });
const run = (root: string, args: string[]) => runCli(['new', ...args, '--root', root], { now: NOW });
const frontMatter = (text: string): Record<string, unknown> => parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!) as Record<string, unknown>;
const articles = async (root: string): Promise<string[]> => (await listFiles(path.join(root, 'content', 'articles'))).filter((f) => f.endsWith('.md'));

describe('midad new', { concurrency: 4 }, () => {
  test('writes content/articles/YYYY/MM/DD/SLUG.md dated now in the site\'s timezone and prints its path', async () => {
    const root = await site();
    const r = await run(root, ['border-drones']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'content/articles/2026/03/02/border-drones.md\n');
    const text = await readFile(path.join(root, 'content/articles/2026/03/02/border-drones.md'), 'utf8');
    const fm = frontMatter(text);
    for (const key of ['title', 'summary', 'date', 'section']) assert.ok(fm[key], `required key ${key}`);
    assert.match(text, /^date: 2026-03-02T01:30:00\+03:00$/m);
    assert.equal(fm.section, 'politics', 'the first section by default');
    assert.equal(fm.author, 'fassel-team');
    assert.equal(fm.draft, true, 'a draft until the editor says otherwise');
    // Placeholders in Arabic that say what to write.
    assert.match(String(fm.title), /اكتب العنوان/);
    assert.match(String(fm.summary), /اكتب هنا الموجز/);
    assert.match(text.split(/^---$/m)[2]!, /اكتب هنا الفقرة الأولى/);
  });

  test('the new article passes check and builds as a marked draft at its permalink', async () => {
    const root = await site();
    await writeFiles(root, { 'content/articles/2026/02/01/published.md': '---\ntitle: خبر\nsummary: ملخص\ndate: 2026-02-01\nsection: security\n---\n\nنص.\n' });
    assert.equal((await run(root, ['border-drones', '--title', 'رصد طائرات مسيرة'])).code, 0);
    const check = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(check.code, 0, check.stderr);
    const build = await runCli(['build', '--root', root, '--drafts'], { now: NOW });
    assert.equal(build.code, 0, build.stderr);
    const page = await readOut(path.join(root, 'public'), 'articles/2026/03/02/border-drones/index.html');
    assert.match(page, /<h1[^>]*>\s*رصد طائرات مسيرة\s*<\/h1>/);
    assert.match(page, /<span class="flag">مسودة<\/span>/);
    // Without --drafts it is not published.
    const plain = await runCli(['build', '--root', root, '--out', path.join(root, 'plain')], { now: NOW });
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(existsSync(path.join(root, 'plain/articles/2026/03/02/border-drones')), false);
  });

  test('--section and --title (any text, safely quoted)', async () => {
    const root = await site();
    const title = 'قال: "لن نتراجع" # ليس تعليقاً';
    const r = await run(root, ['statement', '--section', 'security', '--title', title]);
    assert.equal(r.code, 0, r.stderr);
    const fm = frontMatter(await readFile(path.join(root, 'content/articles/2026/03/02/statement.md'), 'utf8'));
    assert.equal(fm.title, title);
    assert.equal(fm.section, 'security');
  });

  test('an Arabic slug', async () => {
    const root = await site();
    const r = await run(root, ['شراكة-أمنية']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'content/articles/2026/03/02/شراكة-أمنية.md\n');
  });

  test('never overwrites: exit 1, the file left as it was', async () => {
    const root = await site();
    assert.equal((await run(root, ['border-drones'])).code, 0);
    const file = path.join(root, 'content/articles/2026/03/02/border-drones.md');
    await writeFiles(root, { 'content/articles/2026/03/02/border-drones.md': 'edited by the editor\n' });
    const again = await run(root, ['border-drones']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /content\/articles\/2026\/03\/02\/border-drones\.md already exists/);
    assert.equal(await readFile(file, 'utf8'), 'edited by the editor\n');
  });

  test('refuses a slug that the folder form already has (same permalink)', async () => {
    const root = await site();
    await writeFiles(root, { 'content/articles/2026/03/02/border-drones/index.md': 'x\n' });
    const r = await run(root, ['border-drones']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /border-drones\/index\.md/);
    assert.deepEqual(await articles(root), ['2026/03/02/border-drones/index.md']);
  });

  for (const [slug, hint] of [['Border Drones', /e\.g\. "border-drones"/], ['border--drones', /single hyphens/], ['drones-', /single hyphens/], ['drones.md', /e\.g\. "drones-md"/], ['index', /index\.md/]] as const) {
    test(`refuses the slug "${slug}": exit 2, nothing written`, async () => {
      const root = await site();
      const r = await run(root, [slug]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, hint);
      assert.equal(r.stdout, '');
      assert.deepEqual(await articles(root), []);
    });
  }

  test('an unknown section: exit 2 with did-you-mean', async () => {
    const root = await site();
    const r = await run(root, ['x', '--section', 'securty']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /section "securty" is not defined in content\/site\.yml \(did you mean "security"\?\)/);
    assert.deepEqual(await articles(root), []);
  });

  test('an empty or too long --title: exit 2', async () => {
    const root = await site();
    assert.equal((await run(root, ['x', '--title', ' '])).code, 2);
    const long = await run(root, ['x', '--title', 'ع'.repeat(201)]);
    assert.equal(long.code, 2);
    assert.match(long.stderr, /201 characters/);
  });

  test('no SLUG: usage error', async () => {
    const root = await site();
    const r = await runCli(['new', '--root', root]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /SLUG/);
  });

  test('a site without content/site.yml: the error at content/site.yml:1:1, exit 1', async () => {
    const root = await makeSite({ 'content/articles/.keep': '' });
    const r = await run(root, ['x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^content\/site\.yml:1:1: error: /m);
  });

  test('--quiet: the path alone', async () => {
    const root = await site();
    const r = await run(root, ['x', '--quiet']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'content/articles/2026/03/02/x.md\n');
    assert.equal(r.stderr, '');
  });
});
