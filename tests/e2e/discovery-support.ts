// Helpers for the discovery and search end-to-end tests: a small Arabic site written
// to a temp folder, built with build(), served over HTTP on 127.0.0.1, and the shared folder
// (XSDs, kept in tests/fixtures/xsd) located. Not a test file itself.

import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { build, type BuildResult } from '../../src/build.js';

/** The project root (this file runs from dist/tests/e2e/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The published sitemap and Google News sitemap schemas, copied into the repository (see its README). */
export const XSD_DIR = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'xsd');

/** The build clock of the test site: articles of the two days before it are "news". */
export const NOW = new Date('2026-11-29T12:00:00Z');

export const HOSTILE_TITLE = 'عنوان "خطير" </script><script>alert(1)</script> & <!-- \u2028 \u2029 نهاية';

/** The test site: content/site.yml and Arabic articles; paths relative to the root. */
export function siteFiles(baseUrl = 'https://news.example.org/ar/'): Record<string, string> {
  const article = (fm: Record<string, string>, body: string): string =>
    `---\n${Object.entries(fm).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n\n${body}\n`;
  return {
    'content/site.yml': [
      'title: الفاصل',
      'description: موقع إخباري عن الأمن والاقتصاد',
      `baseUrl: ${baseUrl}`,
      'language: ar',
      'timezone: Asia/Baghdad',
      'pageSize: 2',
      'logo: content/logo.png',
      'sections:',
      '  - slug: security',
      '    name: أمن',
      '  - slug: economy',
      '    name: اقتصاد',
      'authors:',
      '  - slug: layla',
      '    name: ليلى حسن',
      '  - slug: omar',
      '    name: عمر خالد',
      'defaultAuthor: layla',
      '',
    ].join('\n'),
    'content/articles/2026/11/28/border/index.md': article({
      title: 'أمن الحدود يتصدر أولويات الحكومة',
      summary: 'خطة جديدة لتأمين الحدود الغربية.',
      date: '2026-11-28T10:00:00',
      updated: '2026-11-28T18:30:00+03:00',
      section: 'security',
      author: '[layla, omar]',
      tags: '[الحدود, العراق]',
      slug: 'أمن-الحدود',
      image: '{ src: hero.jpg, alt: "دورية على الحدود", caption: "دورية", credit: "وكالة" }',
    }, 'أعلنت الحكومة خطة لتأمين الحدود. [تقرير سابق](../../../../2026/11/20/qaeda.md) و[الموقع](/security/).\n\n## تفاصيل\n\nتشمل الخطة ٣ مراحل.'),
    'content/articles/2026/11/20/qaeda.md': article({
      title: 'تفكيك خلية تابعة لتنظيم القاعدة',
      summary: 'عملية أمنية في الأنبار.',
      date: '2026-11-20',
      section: 'security',
      tags: '[القاعدة, العراق]',
    }, 'قالت قيادة العمليات إن القوات فككت خليةً تابعةً لتنظيم القاعدة في صحراء الأنبار واعتقلت ١٧ مشتبهاً.'),
    'content/articles/2026/11/28/hostile.md': article({
      title: JSON.stringify(HOSTILE_TITLE),
      summary: '"ملخص فيه محرف تحكم \\x01 و\\x0b هنا"',
      date: '2026-11-28T08:00:00+03:00',
      section: 'economy',
      tags: '[الاقتصاد]',
    }, 'نص <b>بوسم</b> & رمز.'),
    'content/articles/2026/10/01/dinar.md': article({
      title: 'الدينار يستقر أمام الدولار',
      summary: 'استقرار سعر الصرف في الأسواق.',
      date: '2026-10-01T09:00:00+03:00',
      section: 'economy',
      tags: '[الاقتصاد, العراق]',
    }, 'استقر سعر صرف الدينار العراقي أمام الدولار في أسواق بغداد.'),
    'content/articles/2026/09/01/ports.md': article({
      title: 'موانئ البصرة توسع طاقتها',
      summary: 'توسعة جديدة في ميناء أم قصر.',
      date: '2026-09-01T09:00:00+03:00',
      section: 'economy',
    }, 'بدأت أعمال توسعة رصيف جديد.'),
  };
}

/** Writes the test site (and its images) into a fresh temp folder; returns the root. */
export async function writeSite(files = siteFiles()): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'midad-discovery-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  const hero = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 40, g: 90, b: 140 } } }).jpeg().toBuffer();
  await writeFile(path.join(root, 'content/articles/2026/11/28/border/hero.jpg'), hero);
  const logo = await sharp({ create: { width: 300, height: 60, channels: 3, background: { r: 160, g: 20, b: 30 } } }).png().toBuffer();
  await writeFile(path.join(root, 'content/logo.png'), logo);
  return root;
}

/** Builds a site root into ROOT/public with the test clock. */
export async function buildSite(root: string, extra: { now?: Date } = {}): Promise<BuildResult & { out: string }> {
  const out = path.join(root, 'public');
  const result = await build({ root, out, drafts: false, future: false, clean: false, write: true, now: extra.now ?? NOW });
  return { ...result, out };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.woff2': 'font/woff2', '.webp': 'image/webp', '.jpg': 'image/jpeg', '.png': 'image/png',
};

/** Serves a built site on 127.0.0.1 below `prefix` (the base URL's path). */
export async function serve(dir: string, prefix = '/'): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!p.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    p = p.slice(prefix.length);
    let file = path.join(dir, ...p.split('/'));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    const s = await stat(file).catch(() => undefined);
    if (s?.isDirectory()) file = path.join(file, 'index.html');
    const ok = await stat(file).then((x) => x.isFile()).catch(() => false);
    if (!ok) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
