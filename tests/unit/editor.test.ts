// The web editor's parts that need no browser: its slug rule is midad's, its copy of the
// package loads nothing from a CDN, its configuration follows site.yml, and the block `midad
// init` writes into site.yml reads back as the editor it describes (or as none).

import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadSite } from '../../src/config/site.js';
import { isRepository } from '../../src/config/editor.js';
import { isValidSlug } from '../../src/content/article.js';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { editorPackage } from '../../src/editor/package.js';
import { interfaceLocale } from '../../src/editor/page.js';
import { editorSiteYmlBlock } from '../../src/editor/site-yml.js';
import { editorConfig, SLUG_PATTERN } from '../../src/editor/sveltia-config.js';
import type { Site } from '../../src/model.js';

/** The editor reads a pattern written `/source/flags` as that regular expression. */
function editorRegExp(pattern: string): RegExp {
  const m = /^\/(.+)\/([a-z]*)$/.exec(pattern)!;
  return new RegExp(m[1]!, m[2]);
}

test('the editor checks slugs by midad\'s rule', () => {
  const re = editorRegExp(SLUG_PATTERN);
  const cases = [
    'partners', 'border-drones', 'مفاوضات-المياه', 'خبر-2026', 'كردستان-هەولێر', '٢٠٢٦-موازنة',
    'هل-تنجح-المفاوضات؟', 'Partners', 'two--hyphens', '-start', 'end-', 'مُفاوضات', 'a_b', 'a.b', 'with space', '«اقتباس»', '',
  ];
  for (const s of cases) assert.equal(re.test(s), isValidSlug(s), s);
});

test('repository names: owner/name as GitHub spells them', () => {
  for (const ok of ['fassel/site', 'Al-Fassel/news.site', 'a/b_c-d.e']) assert.ok(isRepository(ok), ok);
  for (const bad of ['fassel', 'https://github.com/fassel/site', 'fassel/site/tree', 'fas sel/site', '-fassel/site', 'fassel/', '/site', 'fassel/..']) assert.ok(!isRepository(bad), bad);
});

test('the copied editor asks no CDN for its fonts, translations or version', async () => {
  const pkg = await editorPackage();
  assert.deepEqual(pkg.patched, { fonts: 3, locales: true, versionCheck: true });
  const script = String(pkg.files.find((f) => f.path === 'sveltia-cms.js')!.bytes);
  assert.doesNotMatch(script, /cdn\.jsdelivr\.net\/fontsource/);
  assert.doesNotMatch(script, /sourceMappingURL/);
  const paths = pkg.files.map((f) => f.path);
  for (const font of script.match(/fonts\/[a-z0-9-]+\.woff2/g)!) assert.ok(paths.includes(font), font);
  assert.ok(paths.includes('locales/ar.json'));
  assert.equal(JSON.parse(String(pkg.files.find((f) => f.path === 'sveltia-version.json')!.bytes)).version, pkg.version);
});

test('the interface language: the site\'s, as the editor names it; English is built in', () => {
  const available = ['ar', 'fa', 'en-US', 'en-GB', 'pt-BR', 'zh-CN'];
  assert.equal(interfaceLocale('ar', available), 'ar');
  assert.equal(interfaceLocale('ar-IQ', available), 'ar');
  assert.equal(interfaceLocale('fa', available), 'fa');
  assert.equal(interfaceLocale('pt', available), 'pt-BR');
  assert.equal(interfaceLocale('en', available), undefined);
  assert.equal(interfaceLocale('ckb', available), undefined);
});

test('the configuration: choices and labels from site.yml, English labels for an English site', () => {
  const site = {
    root: '/x', title: 'The Divide', description: 'd', baseUrl: 'https://example.org/', language: 'en', direction: 'ltr', timezone: 'Europe/London',
    digits: 'latn', pageSize: 20, permalink: '/{section}/{slug}/', sections: [{ slug: 'world', name: 'World' }], authors: [],
    imageQuality: 75, maxImagePixels: 1, editor: { repository: 'a/b', branch: 'live' },
  } satisfies Site;
  const config = editorConfig(site) as { backend: { branch: string }; collections: Array<{ name: string; label: string; preview_path?: string; fields: Array<{ name: string; input_timezone?: string }> }> };
  assert.equal(config.backend.branch, 'live');
  const articles = config.collections[0]!;
  assert.equal(articles.label, 'Articles');
  assert.equal(articles.preview_path, '{{fields.section}}/{{slug}}/');
  assert.ok(!articles.fields.some((f) => f.name === 'author'), 'no authors in site.yml, no author field');
  assert.equal(articles.fields.find((f) => f.name === 'date')!.input_timezone, 'Europe/London');
});

test('the site.yml block for `midad init`: commented out until there is a repository, then an editor', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'midad-editor-block-'));
  try {
    await mkdir(path.join(dir, 'content'));
    const base = 'title: t\ndescription: d\nbaseUrl: https://example.org/\nsections:\n  - slug: news\n    name: أخبار\n';
    const read = async (yml: string): Promise<Site | undefined> => {
      await writeFile(path.join(dir, 'content/site.yml'), yml);
      const bag = new DiagnosticBag();
      const site = await loadSite(dir, bag, new Map());
      assert.deepEqual(bag.sorted(), []);
      return site;
    };
    assert.equal((await read(base + editorSiteYmlBlock()))!.editor, undefined);
    assert.deepEqual((await read(base + editorSiteYmlBlock({ repository: 'fassel/site' })))!.editor, { repository: 'fassel/site', branch: 'main' });
    assert.deepEqual((await read(base + editorSiteYmlBlock({ repository: 'fassel/site', authUrl: 'https://auth.example.workers.dev' })))!.editor,
      { repository: 'fassel/site', branch: 'main', authUrl: 'https://auth.example.workers.dev' });
    // Uncommenting the block as written gives an editor (the newsroom fills in its repository).
    const uncommented = editorSiteYmlBlock().split('\n').map((l) => l.replace(/^# (?=editor:| {2}\S)/, '')).join('\n');
    assert.deepEqual((await read(base + uncommented))!.editor, { repository: 'owner/name', branch: 'main' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
