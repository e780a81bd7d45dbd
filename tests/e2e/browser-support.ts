// Helpers for the reader-experience browser tests: the sample site of the project
// (content/) copied to a temp folder with one extra article full of text that tries to break
// a phone layout, built with the test clock, served by a static server on 127.0.0.1 that
// records every request, and Debian's Chromium launched through playwright-core.
// Not a test file itself.

import { cp, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build, type BuildResult } from '../../src/build.js';

/** The project root (this file runs from dist/tests/e2e/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** The flags DEVELOPERS.md gives: no network of its own, no first-run or sync noise. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The build clock: every sample article is in the past. */
export const NOW = new Date('2026-11-29T12:00:00Z');

/** Site paths of the long-text article and its tags (below). */
export const LONG_ARTICLE = '/articles/2025/12/01/long-words/';
export const LONG_HASHTAG = '#حملة_التوعية_بالأمن_السيبراني_في_المؤسسات_الحكومية_والخاصة_والجامعات_والمدارس_٢٠٢٦';
export const LONG_URL = 'https://www.example.gov.iq/ar/reports/2026/cybersecurity/annual-report-on-incidents-and-responses-final-version-with-appendices.pdf?download=true&lang=ar&source=newsletter';
export const LONG_WORD = 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaftsabteilungsleiterstellvertreter';

/** An article that begins with Latin text and holds everything that overflows a narrow screen. */
export const LONG_ARTICLE_MD = `---
title: "Microsoft تحذّر من ثغرة في Windows تؤثر على 45% من الأجهزة"
summary: "CVE-2026-12345: ثغرة في نظام Windows 11 تسمح بتنفيذ شيفرة عن بُعد، وتؤثر على نحو 45% من الأجهزة؛ فهل حدّثت جهازك؟"
date: 2025-12-01T10:00:00+03:00
section: security
author: layla-hassan
tags: [الأمن السيبراني, "${LONG_HASHTAG.slice(1).replace(/_/g, ' ')}", CVE-2026-12345]
---

قالت شركة Microsoft إن الثغرة CVE-2026-12345 تؤثر على 45% من أجهزة Windows 11 في المنطقة، وإن التحديث KB5034441 صدر يوم 12/11/2026 عند الساعة 10:30.

انتشر الوسم ${LONG_HASHTAG} على منصات التواصل خلال ساعات، وقال متحدث إن "الحملة مستمرة".

التقرير الكامل منشور على ${LONG_URL} لمن أراد التفاصيل.

وصف مهندس ألماني المشكلة بكلمة واحدة هي ${LONG_WORD} على سبيل المزاح.

وتبلغ قيمة الصفقة 2.5 مليار دولار (نحو 3,275 مليار دينار)، أي بزيادة ١٢٫٥٪ عن العام الماضي؛ أما الشيفرة فهي \`${LONG_WORD.toLowerCase()}_handler()\`.

| الجهاز | النسبة | الإصدار | الملاحظات |
| --- | --- | --- | --- |
| Windows 11 Pro for Workstations | 45% | 23H2-build-22631.3007-amd64-fre | ${LONG_URL} |
`;

/** An English article on the Arabic site: its title and summary must be laid out left to right. */
export const ENGLISH_ARTICLE = '/articles/2025/11/30/english-brief/';
export const ENGLISH_ARTICLE_MD = `---
title: "Iraq's date exports reach a record 650,000 tonnes"
summary: "The agriculture ministry says new markets in Asia and Europe (وزارة الزراعة) drove the rise."
date: 2025-11-30T09:00:00+03:00
section: economy
author: omar-khalid
tags: [English]
---

The ministry said exports rose by 12% on the year.
`;

/** Copies the project's sample site (content/) into a temp folder and adds the two articles above. */
export async function writeReaderSite(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'midad-reader-'));
  await cp(path.join(PROJECT_ROOT, 'content'), path.join(root, 'content'), { recursive: true });
  await writeFile(path.join(root, 'content/articles/long-words.md'), LONG_ARTICLE_MD);
  await writeFile(path.join(root, 'content/articles/english-brief.md'), ENGLISH_ARTICLE_MD);
  return root;
}

/** Builds a site root into ROOT/public with the test clock. */
export async function buildReaderSite(root: string): Promise<BuildResult & { out: string }> {
  const out = path.join(root, 'public');
  const result = await build({ root, out, drafts: false, future: false, clean: false, write: true, now: NOW });
  return { ...result, out };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.woff2': 'font/woff2', '.webp': 'image/webp',
  '.jpg': 'image/jpeg', '.png': 'image/png', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
};

export interface SiteServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  /** Every path asked for, in order (decoded). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves a built site on 127.0.0.1 (a random port) as a static host does: `dir/` → its
 * index.html, a missing file → /404.html with status 404; with `gzip`, text is sent
 * compressed and hashed assets are cached for a year (for Lighthouse, bench/lighthouse.ts).
 */
export async function serveSite(dir: string, opts: { gzip?: boolean } = {}): Promise<SiteServer> {
  const requests: string[] = [];
  const server = http.createServer(async (req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(p);
    let file = path.join(dir, ...p.split('/'));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if ((await stat(file).catch(() => undefined))?.isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (!body) {
      res.writeHead(404, { 'content-type': TYPES['.html']! }).end(await readFile(path.join(dir, '404.html')).catch(() => ''));
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type };
    if (opts.gzip && /\/assets\/|\/images\//.test(p)) headers['cache-control'] = 'public, max-age=31536000, immutable';
    if (opts.gzip && /^(text\/|application\/(json|xml|wasm))/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(gzipSync(body));
      return;
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Launches Debian's Chromium headless (playwright gives it a fresh temporary profile). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}
