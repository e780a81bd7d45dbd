// Static pages (about, contact, privacy…) and the footer every page carries: the pages in the
// footer and the sitemap and nowhere else; slug clashes; edits seen by an incremental build;
// the site's social links, checked, in the footer and as the publisher's sameAs.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite, exists, htmlPages, listFiles, makeSite, readOut, runCli } from '../helpers/site.js';
import { article, SITE_YML } from './newsroom-support.js';
import { publishedPages } from './search-support.js';

function page(name: string, front: string, body = 'نص الصفحة.'): string {
  return `-- content/pages/${name}.md --\n---\n${front}\n---\n\n${body}\n`;
}

const PAGES = page('privacy', 'title: سياسة الخصوصية\nsummary: كيف نحفظ بياناتكم')
  + page('about', 'title: من نحن', 'الفاصل موقع **مستقل**.')
  + page('contact', 'title: اتصل بنا\nslug: contact-us');

const SITE = SITE_YML + article('a', 'خبر', '2026-02-20T09:00:00+03:00', 'tags: [بغداد]\n') + PAGES;

/** The footer's static-page links, in order. */
function footerPages(html: string): string[] {
  const nav = /<nav[^>]*data-footer-pages[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
}

test('static pages: written to /<slug>/, in every footer in file-name order, in the sitemap and nowhere else', async () => {
  const root = await makeSite(SITE);
  const out = path.join(root, 'public');
  await buildSite(root);
  const about = await readOut(out, 'about/index.html');
  assert.match(about, /<h1[^>]*>من نحن<\/h1>/);
  assert.ok(about.includes('<strong>مستقل</strong>'), 'the body is rendered Markdown');
  assert.match(await readOut(out, 'privacy/index.html'), /<meta name="description" content="كيف نحفظ بياناتكم">/);
  assert.ok(await exists(path.join(out, 'contact-us/index.html')), 'the slug from front matter');
  assert.ok(!(await exists(path.join(out, 'contact/index.html'))));

  const html = await htmlPages(out);
  for (const p of html) {
    if (p === '404.html') continue;
    assert.deepEqual(footerPages(await readOut(out, p)), ['/about/', '/contact-us/', '/privacy/'], `${p}: the pages in file-name order`);
  }
  const sitemap = await readOut(out, 'sitemap.xml');
  for (const slug of ['about', 'contact-us', 'privacy']) assert.ok(sitemap.includes(`<loc>https://example.org/${slug}/</loc>`), `${slug} in sitemap.xml`);

  // Nowhere else: no feed, the news sitemap, a listing's <main>, an article's related, the search index.
  const elsewhere = ['feed.xml', 'news-sitemap.xml', 'security/feed.xml'];
  for (const f of elsewhere) assert.ok(!/\/(about|privacy|contact-us)\//.test(await readOut(out, f)), `${f} has no static page`);
  for (const p of html.filter((x) => !['about/index.html', 'privacy/index.html', 'contact-us/index.html'].includes(x))) {
    const main = /<main[\s\S]*?<\/main>/.exec(await readOut(out, p))![0];
    assert.ok(!/href="\/(about|privacy|contact-us)\/"/.test(main), `${p}: <main> does not list a static page`);
  }
  const pagefind = (await listFiles(out)).filter((f) => f.startsWith('pagefind/') && f.endsWith('.pf_meta'));
  assert.ok(pagefind.length > 0, 'the search index was built');
  assert.equal(await publishedPages(out), 1, 'only the article is searchable');
});

test('static pages: an edit is seen by the next build; a removed page leaves the site and every footer', async () => {
  const root = await makeSite(SITE);
  const out = path.join(root, 'public');
  await buildSite(root);
  await writeFile(path.join(root, 'content/pages/about.md'), '---\ntitle: عن الفاصل\n---\n\nنص جديد.\n');
  await buildSite(root);
  const about = await readOut(out, 'about/index.html');
  assert.ok(about.includes('نص جديد') && about.includes('عن الفاصل'), 'the edited page');
  assert.ok((await readOut(out, 'articles/2026/02/20/a/index.html')).includes('>عن الفاصل</a>'), 'the new title in another page\'s footer');
  await rm(path.join(root, 'content/pages/privacy.md'));
  await buildSite(root);
  assert.ok(!(await exists(path.join(out, 'privacy/index.html'))), 'the removed page is gone');
  assert.deepEqual(footerPages(await readOut(out, 'index.html')), ['/about/', '/contact-us/']);
});

test('static pages: a missing title and slugs that clash are errors at their places, all in one run, nothing written', async () => {
  const files = SITE_YML.replace('    name: أمن\n', '    name: أمن\n  - slug: about\n    name: عن\n')
    + article('a', 'خبر', '2026-02-20T09:00:00+03:00')
    + page('about', 'title: من نحن')
    + page('tags', 'title: الوسوم')
    + page('x/team', 'title: الفريق\nslug: search')
    + page('y/privacy', 'title: الخصوصية')
    + page('z/privacy', 'title: الخصوصية 2')
    + page('untitled', 'summary: بلا عنوان');
  const root = await makeSite(files);
  const r = await runCli(['build', '--root', root]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /content\/pages\/about\.md:1:1: error: .*section/, 'a section slug');
  assert.match(r.stderr, /content\/pages\/tags\.md:1:1: error: .*"tags"/, 'the tags folder');
  assert.match(r.stderr, /content\/pages\/x\/team\.md:3:7: error: .*"search"/, 'a slug written in front matter, at its value');
  assert.match(r.stderr, /content\/pages\/z\/privacy\.md:1:1: error: .*content\/pages\/y\/privacy\.md/, 'another page');
  assert.match(r.stderr, /content\/pages\/untitled\.md:1:1: error: .*title/);
  assert.ok(!/at .*\.js:\d+/.test(r.stderr), 'no stack trace');
  assert.equal(await exists(path.join(root, 'public')), false, 'nothing written');
});

test('footer: sections, pages, the social links and the feed on every page; sameAs from social', async () => {
  const yml = SITE_YML.replace('defaultAuthor: layla', 'defaultAuthor: layla\nsocial:\n  x: https://x.com/alfasel\n  telegram: https://t.me/alfasel\n  email: mailto:desk@example.org');
  const root = await makeSite(yml + article('a', 'خبر', '2026-02-20T09:00:00+03:00') + PAGES);
  const out = path.join(root, 'public');
  await buildSite(root);
  for (const p of await htmlPages(out)) {
    const footer = /<footer[\s\S]*?<\/footer>/.exec(await readOut(out, p))![0];
    for (const href of ['/security/', '/about/', 'https://x.com/alfasel', 'https://t.me/alfasel', 'mailto:desk@example.org', '/feed.xml']) {
      assert.ok(footer.includes(`href="${href}"`), `${p}: the footer links ${href}`);
    }
  }
  const home = await readOut(out, 'index.html');
  const graph = (JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(home)![1]!) as { '@graph': Array<Record<string, unknown>> })['@graph'];
  const org = graph.find((n) => n['@type'] === 'NewsMediaOrganization')!;
  assert.deepEqual(org.sameAs, ['https://x.com/alfasel', 'https://t.me/alfasel'], 'the accounts, not the mail address');
});

test('social: a value that is not an http(s) or mailto URL is an error at it', async () => {
  const yml = SITE_YML.replace('defaultAuthor: layla', 'defaultAuthor: layla\nsocial:\n  x: x.com/alfasel\n  facebook: javascript:alert(1)\n  youtube: https://youtube.com/@alfasel');
  const root = await makeSite(yml + article('a', 'خبر', '2026-02-20T09:00:00+03:00'));
  const r = await runCli(['build', '--root', root]);
  assert.equal(r.code, 1);
  const lines = yml.split('\n').slice(2);
  const at = (s: string): number => lines.findIndex((l) => l.includes(s)) + 1;
  assert.match(r.stderr, new RegExp(`content/site\\.yml:${at('x.com/alfasel')}:6: error: .*social\\.x`));
  assert.match(r.stderr, new RegExp(`content/site\\.yml:${at('javascript')}:13: error: .*social\\.facebook`));
  assert.ok(!/error: .*youtube/.test(r.stderr), 'a good link is no error');
  assert.equal(await exists(path.join(root, 'public')), false);
});
