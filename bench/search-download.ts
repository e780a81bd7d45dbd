// What one search costs a reader: a built site is served as GitHub Pages serves it (text
// gzipped), Debian's Chromium opens /search/?q=… with an empty cache, and the bytes that came
// over the wire for the search (the search script and everything under /pagefind/: Pagefind's
// script, its WebAssembly, the entry and metadata files, the index chunks the query's words are
// in and the fragments of the results shown) are summed once the results are listed. The search
// files on disk are counted too, and the shards the bundle was merged from.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, serveSite } from '../tests/e2e/browser-support.js';

export interface QueryCost {
  query: string;
  results: number;
  bytes: number;
  requests: number;
}

/**
 * Number and total size of the files under the site's pagefind/ folder, and how many shards it
 * was merged from (the build's record beside the out folder, in .midad-cache; 1 without one).
 */
export function searchFiles(out: string): { files: number; bytes: number; shards: number } {
  const dir = path.join(out, 'pagefind');
  let files = 0;
  let bytes = 0;
  for (const rel of readdirSync(dir, { recursive: true }).map(String)) {
    const s = statSync(path.join(dir, rel));
    if (!s.isFile()) continue;
    files++;
    bytes += s.size;
  }
  let shards = 1;
  try {
    const record = JSON.parse(readFileSync(path.join(out, '..', '.midad-cache', 'search-shards.json'), 'utf8')) as { shards?: unknown[] };
    shards = record.shards?.length ?? 1;
  } catch {
    // Built elsewhere, or by another version: counted as one.
  }
  return { files, bytes, shards };
}

/** Each query's download, in a fresh browser context (nothing cached). */
export async function queryCosts(out: string, queries: string[]): Promise<QueryCost[]> {
  const server = await serveSite(out, { gzip: true });
  const browser = await launchChromium();
  const costs: QueryCost[] = [];
  try {
    for (const query of queries) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sizes: Array<Promise<number>> = [];
      page.on('requestfinished', (req) => {
        const p = new URL(req.url()).pathname;
        if (p.includes('/pagefind/') || /\/assets\/search\.[^/]*\.js$/.test(p)) sizes.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
      });
      await page.goto(`${server.origin}/search/?q=${encodeURIComponent(query)}`);
      await page.waitForFunction(() => document.querySelector('[data-search]')?.hasAttribute('data-search-count'), undefined, { timeout: 120_000 });
      const results = Number(await page.getAttribute('[data-search]', 'data-search-count'));
      const all = await Promise.all(sizes);
      costs.push({ query, results, bytes: all.reduce((a, b) => a + b, 0), requests: all.length });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return costs;
}
