// `midad check`: everything build validates plus links between articles,
// by relative path to the .md file or by permalink; a link that leads nowhere is an error at
// its path:line:col; nothing is written. Links to .md files become permalinks in the pages.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { exists, hashTree, makeSite, NOW, readOut, runCli, writeFiles } from '../helpers/site.js';

const DIAGNOSTIC = /^[^\s>|].*?:\d+:\d+: (?:error|warning): /;
const diagnostics = (stderr: string): string[] => stderr.split('\n').filter((l) => DIAGNOSTIC.test(l));

const siteYml = (extra = ''): string => `title: الفاصل
description: موقع للاختبار
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
  - slug: politics
    name: سياسة
authors:
  - slug: team
    name: الفريق
defaultAuthor: team
${extra}`;

const art = (title: string, date: string, body: string, extra = ''): string =>
  `---\ntitle: ${title}\nsummary: ملخص\ndate: ${date}\nsection: security\ntags: [أمن]\n${extra}---\n\n${body}\n`;

/** Two articles that link to each other in every way that is allowed. */
const GOOD = {
  'content/site.yml': siteYml(),
  'content/articles/2026/01/24/partners.md': art('شراكة', '2026-01-24', '## التدريب\n\nنص عن التدريب.'),
  'content/articles/drones.md': art('طائرات', '2026-02-10', [
    'راجع [الشراكة](2026/01/24/partners.md#التدريب) و[الرابط الدائم](/articles/2026/01/24/partners/)',
    'و[الرابط الكامل](https://example.org/articles/2026/01/24/partners/) و[دون شرطة](/articles/2026/01/24/partners)',
    'و[مع الملف](/articles/2026/01/24/partners/index.html) و[مرمّز](/articles/2026/01/24/%D8%B4%D8%B1%D8%A7%D9%83%D8%A9/).',
    '',
    '[القسم](/security/) [الصفحة ٢](/security/page/2/) [وسم](/tags/أمن/) [الموجز](/feed.xml) [بحث](/search/)',
    '[خارجي](https://other.example/articles/2026/01/24/nowhere/) [بريد](mailto:desk@example.org) [هنا](#التدريب)',
  ].join('\n')),
  'content/articles/شراكة.md': art('شراكة أخرى', '2026-01-24', 'نص.'),
};

describe('midad check: links between articles', { concurrency: 4 }, () => {
  test('a site whose links all lead somewhere: exit 0, a summary, nothing written', async () => {
    const root = await makeSite(GOOD);
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^midad check: 3 articles, \d+ pages, 0 images: no errors \(\d+\.\d\d s\)\n$/);
    assert.equal(await exists(path.join(root, 'public')), false, 'check writes no site');
  });

  test('links to .md files become permalinks in the built page (with their #fragment)', async () => {
    const root = await makeSite(GOOD);
    const r = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    const page = await readOut(path.join(root, 'public'), 'articles/2026/02/10/drones/index.html');
    const hrefs = [...page.matchAll(/<a href="([^"]+)">(?:الشراكة|الرابط الدائم)<\/a>/g)].map((m) => decodeURI(m[1]!));
    assert.deepEqual(hrefs, ['/articles/2026/01/24/partners/#التدريب', '/articles/2026/01/24/partners/']);
    assert.doesNotMatch(page, /\.md["#]/);
  });

  test('links that lead nowhere, by .md path or by permalink: each an error at its position', async () => {
    const root = await makeSite({
      ...GOOD,
      'content/articles/2026/03/01/draft-story.md': art('مسودة', '2026-03-01', 'نص.', 'draft: true\n'),
      'content/articles/broken.md': art('روابط مكسورة', '2026-02-20', [
        '[أ](/articles/2026/01/24/partner/)',
        '',
        'نص و[ب](https://example.org/articles/2030/01/01/nowhere/)',
        '',
        '[ج](/articles/2026/03/01/draft-story/)',
        '',
        '[د](missing.md) و[هـ](2026/03/01/draft-story.md)',
      ].join('\n')),
    });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 1);
    assert.deepEqual(diagnostics(r.stderr), [
      'content/articles/broken.md:9:5: error: link to "/articles/2026/01/24/partner/": no article has that permalink (did you mean "/articles/2026/01/24/partners/"?)',
      'content/articles/broken.md:11:9: error: link to "https://example.org/articles/2030/01/01/nowhere/": no article has that permalink',
      'content/articles/broken.md:13:5: error: link to "/articles/2026/03/01/draft-story/": that article is a draft or dated in the future',
      'content/articles/broken.md:15:5: error: link to "missing.md": that article does not exist',
      'content/articles/broken.md:15:23: error: link to "2026/03/01/draft-story.md": that article is a draft or dated in the future',
    ]);
    // Each with its line shown, a caret under the column.
    assert.match(r.stderr, />\s+9 \| \[أ\]\(\/articles\/2026\/01\/24\/partner\/\)\n\s+\|     \^\n/);
    assert.doesNotMatch(r.stderr, /nothing was written/, 'check never writes');
    assert.equal(await exists(path.join(root, 'public')), false);

    // build reports the same, and leaves the previous site as it was.
    const b = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(b.code, 1);
    assert.deepEqual(diagnostics(b.stderr), diagnostics(r.stderr));
  });

  test('with --drafts the draft is published and the links to it are fine', async () => {
    const root = await makeSite({
      ...GOOD,
      'content/articles/2026/03/01/draft-story.md': art('مسودة', '2026-03-01', 'نص.', 'draft: true\n'),
      'content/articles/linker.md': art('رابط', '2026-02-20', '[ج](/articles/2026/03/01/draft-story/)'),
    });
    assert.equal((await runCli(['build', '--root', root], { now: NOW })).code, 1);
    const r = await runCli(['build', '--root', root, '--drafts'], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
  });

  test('errors of every kind in one run: front matter and links together, sorted', async () => {
    const root = await makeSite({
      ...GOOD,
      'content/articles/a.md': '---\ntitle: أ\nsummary: ملخص\ndate: 2026-01-02\nsection: securty\n---\n\nنص.\n',
      'content/articles/b.md': art('ب', '2026-01-03', '[x](/articles/2026/01/03/nope/)'),
    });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 1);
    assert.deepEqual(diagnostics(r.stderr), [
      'content/articles/a.md:5:10: error: section "securty" is not defined in content/site.yml (did you mean "security"?)',
      'content/articles/b.md:9:5: error: link to "/articles/2026/01/03/nope/": no article has that permalink',
    ]);
  });

  test('a failed check leaves an earlier build exactly as it was', async () => {
    const root = await makeSite(GOOD);
    assert.equal((await runCli(['build', '--root', root], { now: NOW })).code, 0);
    const before = await hashTree(path.join(root, 'public'));
    await writeFiles(root, { 'content/articles/b.md': art('ب', '2026-01-03', '[x](/articles/2026/01/03/nope/)') });
    assert.equal((await runCli(['check', '--root', root], { now: NOW })).code, 1);
    assert.deepEqual(await hashTree(path.join(root, 'public')), before);
  });

  test('another permalink pattern: /{section}/{slug}/, listing pages are not articles', async () => {
    const root = await makeSite({
      'content/site.yml': siteYml('permalink: /{section}/{slug}/\n'),
      'content/articles/partners.md': art('شراكة', '2026-01-24', 'نص.'),
      'content/articles/links.md': art('روابط', '2026-01-25', [
        '[أ](/security/partners/) [ب](/security/) [ج](/security/page/2/) [د](/politics/) [هـ](/tags/أمن/)',
        '',
        '[و](/security/partner/) [ز](/politics/partners/)',
      ].join('\n')),
    });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 1);
    assert.deepEqual(diagnostics(r.stderr), [
      'content/articles/links.md:11:5: error: link to "/security/partner/": no article has that permalink (did you mean "/security/partners/"?)',
      'content/articles/links.md:11:29: error: link to "/politics/partners/": no article has that permalink',
    ]);
  });

  test('a site below a domain\'s root: /news/articles/… and /articles/… both name the article', async () => {
    const root = await makeSite({
      'content/site.yml': siteYml().replace('https://example.org/', 'https://example.org/news/'),
      'content/articles/partners.md': art('شراكة', '2026-01-24', 'نص.'),
      'content/articles/links.md': art('روابط', '2026-01-25', [
        '[أ](/news/articles/2026/01/24/partners/) [ب](https://example.org/news/articles/2026/01/24/partners/)',
        '',
        '[ج](/news/articles/2026/01/24/nope/) [د](https://example.org/articles/2026/01/24/partners/)',
      ].join('\n')),
    });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 1);
    // The last link leaves the site (another path on the same host): not midad's to judge.
    assert.deepEqual(diagnostics(r.stderr), [
      'content/articles/links.md:11:5: error: link to "/news/articles/2026/01/24/nope/": no article has that permalink',
    ]);
  });
});
