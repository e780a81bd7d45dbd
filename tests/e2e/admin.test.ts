// The web editor as files (no browser): /admin/ is written only when site.yml has an `editor`
// block, is kept out of every listing a reader or a search engine sees, has its own
// Content-Security-Policy while every other page keeps the site's, and its forms follow
// site.yml from one build to the next. A broken `editor` block is a positioned error and
// nothing is written.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { buildSite, exists, hashTree, htmlPages, listFiles, makeSite, readOut, ROOT, runCli } from '../helpers/site.js';

const VNU = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

const SITE_YML = `title: الفاصل
description: موقع إخباري
baseUrl: https://example.org/news/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
  - slug: economy
    name: اقتصاد
authors:
  - slug: team
    name: فريق العمل
  - slug: layla
    name: ليلى حسن
defaultAuthor: team
`;
const EDITOR = 'editor:\n  repository: fassel/site\n  branch: main\n';
const ARTICLE = `---
title: خبر
summary: ملخص الخبر
date: 2026-02-20T09:00:00+03:00
section: security
---

نص الخبر.
`;

interface Config {
  backend: Record<string, unknown>;
  collections: Array<{ name: string; folder: string; path: string; fields: Array<{ name: string; options?: Array<{ value: string; label: string }>; default?: unknown }> }>;
}

const field = (config: Config, collection: string, name: string) => config.collections.find((c) => c.name === collection)!.fields.find((f) => f.name === name)!;

test('admin: written with an editor block, out of sitemaps, feeds and search, with its own policy', async () => {
  const root = await makeSite({ 'content/site.yml': SITE_YML + EDITOR, 'content/articles/a.md': ARTICLE });
  const out = path.join(root, 'public');
  await buildSite(root);
  const files = await listFiles(out);
  for (const f of ['admin/index.html', 'admin/config.yml', 'admin/sveltia-cms.js', 'admin/setup.js', 'admin/preview.js', 'admin/editor.css', 'admin/locales/ar.json']) {
    assert.ok(files.includes(f), `${f} is written`);
  }
  assert.ok(files.some((f) => /^admin\/fonts\/material-symbols-outlined-.*\.woff2$/.test(f)), 'the icon font is served by the site');
  assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps');

  const admin = await readOut(out, 'admin/index.html');
  assert.match(admin, /<meta name="robots" content="noindex, nofollow">/);
  assert.match(admin, /<html lang="ar" dir="rtl" data-editor-locale="ar"/);
  assert.doesNotMatch(admin, /<script>(?!<)/, 'no inline script');
  assert.ok(admin.includes('<script src="/news/admin/sveltia-cms.js"></script>'), 'the editor comes from the site, under its base path');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(admin)![1]!.replace(/&#39;/g, "'");
  assert.match(csp, /connect-src 'self' blob: data: https:\/\/api\.github\.com/);
  assert.match(csp, /script-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-eval|unpkg|jsdelivr|\*/);

  // Every other page keeps the site's own policy, which talks to no other host.
  for (const page of (await htmlPages(out)).filter((p) => !p.startsWith('admin/'))) {
    const html = await readOut(out, page);
    const pageCsp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.ok(pageCsp.includes('default-src'), `${page} has a policy`);
    assert.ok(!pageCsp.includes('github'), `${page}: ${pageCsp}`);
    assert.ok(!html.includes('/admin/'), `${page} does not link the editor`);
  }
  for (const f of ['sitemap.xml', 'news-sitemap.xml', 'feed.xml', 'security/feed.xml', 'robots.txt']) {
    assert.ok(!(await readOut(out, f)).includes('admin'), `${f} does not name the editor`);
  }
  for (const f of files.filter((p) => p.startsWith('pagefind/') && p.endsWith('.json'))) {
    assert.ok(!(await readOut(out, f)).includes('/admin/'), `${f} does not index the editor`);
  }

  // The configuration: GitHub, token sign-in (no helper given), choices from site.yml.
  const config = parse(await readOut(out, 'admin/config.yml')) as Config;
  assert.deepEqual(config.backend, { name: 'github', repo: 'fassel/site', branch: 'main', auth_methods: ['token'] });
  assert.deepEqual(field(config, 'articles', 'section').options, [{ label: 'أمن', value: 'security' }, { label: 'اقتصاد', value: 'economy' }]);
  assert.deepEqual(field(config, 'articles', 'author').options, [{ label: 'فريق العمل', value: 'team' }, { label: 'ليلى حسن', value: 'layla' }]);
  assert.deepEqual(field(config, 'articles', 'author').default, ['team']);
  const articles = config.collections.find((c) => c.name === 'articles')!;
  assert.equal(articles.folder, 'content/articles');
  assert.equal(articles.path, '{{year}}/{{month}}/{{day}}/{{slug}}/index');
  assert.deepEqual(articles.fields.map((f) => f.name), ['title', 'summary', 'date', 'updated', 'section', 'author', 'tags', 'image', 'featured', 'breaking', 'corrections', 'draft', 'body']);
  assert.equal(config.collections.find((c) => c.name === 'pages')!.folder, 'content/pages');

  // A section added to site.yml is a choice after the next build; the rest is left as it was.
  const before = await hashTree(out);
  await writeFile(path.join(root, 'content/site.yml'), SITE_YML.replace('authors:', '  - slug: society\n    name: مجتمع\nauthors:') + EDITOR.replace('fassel/site', 'fassel/news').concat('  authUrl: https://auth.example.workers.dev/\n  review: true\n'));
  await buildSite(root);
  const next = parse(await readOut(out, 'admin/config.yml')) as Config;
  assert.deepEqual(field(next, 'articles', 'section').options!.map((o) => o.value), ['security', 'economy', 'society']);
  assert.deepEqual(next.backend, { name: 'github', repo: 'fassel/news', branch: 'main', base_url: 'https://auth.example.workers.dev', auth_methods: ['oauth', 'token'] });
  assert.equal((next as unknown as { publish_mode?: string }).publish_mode, 'editorial_workflow', 'review: saves open pull requests');
  assert.equal((config as unknown as { publish_mode?: string }).publish_mode, undefined, 'without review, saves commit');
  const after = await hashTree(out);
  assert.equal(after.get('admin/sveltia-cms.js'), before.get('admin/sveltia-cms.js'));

  // Without the block, the editor is gone: midad removes the files it wrote.
  await writeFile(path.join(root, 'content/site.yml'), SITE_YML);
  await buildSite(root);
  assert.equal(await exists(path.join(out, 'admin')) && (await listFiles(path.join(out, 'admin'))).length > 0, false);
});

test('admin: no editor block, no /admin/', async () => {
  const root = await makeSite({ 'content/site.yml': SITE_YML, 'content/articles/a.md': ARTICLE });
  await buildSite(root);
  assert.equal(await exists(path.join(root, 'public', 'admin')), false);
});

test('admin: a broken editor block is an error at its position, in both languages, and nothing is written', async () => {
  const yml = `${SITE_YML}editor:\n  repository: https://github.com/fassel/site\n  branche: main\n  authUrl: http://auth.example.org/login\n  review: yes\n`;
  const root = await makeSite({ 'content/site.yml': yml, 'content/articles/a.md': ARTICLE });
  const line = (key: string): number => yml.split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1;
  const r = await runCli(['build', '--root', root]);
  assert.equal(r.code, 1);
  const errors = r.stderr.split('\n').filter((l) => l.includes(': error: '));
  assert.deepEqual(errors, [
    `content/site.yml:${line('repository')}:15: error: editor repository "https://github.com/fassel/site" must be the GitHub owner and repository name joined by one slash, e.g. newsroom/site (not a URL)`,
    `content/site.yml:${line('branche')}:3: error: unknown key "branche" in editor (did you mean "branch"?) (known: "repository", "branch", "authUrl", "review")`,
    `content/site.yml:${line('authUrl')}:12: error: editor authUrl "http://auth.example.org/login" must be the https address of the sign-in helper alone, e.g. https://sveltia-cms-auth.newsroom.workers.dev`,
    `content/site.yml:${line('review')}:11: error: editor review must be true (saves open a pull request to review) or false (saves publish at once)`,
  ]);
  assert.equal(await exists(path.join(root, 'public')), false, 'nothing is written');
  const ar = await runCli(['check', '--root', root], { env: { MIDAD_LANG: 'ar' } });
  assert.equal(ar.code, 1);
  assert.match(ar.stderr, /content\/site\.yml:\d+:15: error: المستودع/);

  const missing = await makeSite({ 'content/site.yml': `${SITE_YML}editor:\n  branch: main\n`, 'content/articles/a.md': ARTICLE });
  const m = await runCli(['check', '--root', missing]);
  assert.equal(m.code, 1);
  assert.match(m.stderr, new RegExp(`content/site\\.yml:${SITE_YML.split('\n').length}:1: error: editor needs "repository"`));
  await writeFile(path.join(missing, 'content/site.yml'), `${SITE_YML}editor: fassel/site\n`);
  assert.match((await runCli(['check', '--root', missing])).stderr, /:9: error: editor must be a map/);
  assert.equal(await readFile(path.join(missing, 'content/site.yml'), 'utf8').then((t) => t.endsWith('editor: fassel/site\n')), true);
});

test('admin: the editor\'s page is valid HTML', { skip: existsSync(VNU) ? false : 'vnu-jar is not installed' }, async () => {
  const root = await makeSite({ 'content/site.yml': SITE_YML + EDITOR, 'content/articles/a.md': ARTICLE });
  await buildSite(root);
  const stderr = await new Promise<string>((resolve, reject) => {
    execFile('java', ['-jar', VNU, '--errors-only', path.join(root, 'public', 'admin', 'index.html')], { timeout: 120_000 }, (err, _out, errOut) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve(errOut);
    });
  });
  assert.equal(stderr.trim(), '');
});
