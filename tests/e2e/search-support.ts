// Helpers for the search-shard tests: a site of generated Arabic articles (the benchmark's corpus)
// with made-up words planted at the very end of long bodies, built with a small shard bound so
// that it has several shards (their bundles in the cache, merged into the one published), and
// Pagefind's files read back. Not a test file itself.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeCorpus } from '../../bench/corpus.js';
import { build, type BuildResult } from '../../src/build.js';
import { tempDir } from '../helpers/site.js';

export const NOW = new Date('2026-11-29T12:00:00Z');

/** Words a shard holds at most in these tests: the 60-article site then has about six shards. */
export const TEST_SHARD_WORDS = 8000;

/** Made-up words (in no dictionary, so in no generated text), each planted at the end of one body. */
export const PLANTED = ['زمردستان', 'قرنفلوزي', 'بلوطيات', 'سنديانيه', 'xylofonix', 'مرجانوس'];

export interface ShardSite {
  root: string;
  /** Site-root-relative article file that ends with PLANTED[i]. */
  planted: string[];
}

/** All article files of a site, relative to its root, sorted. */
async function articleFiles(root: string): Promise<string[]> {
  const dir = path.join(root, 'content/articles');
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).filter((f) => f.endsWith('.md')).map((f) => path.join('content/articles', f)).sort();
}

/**
 * Writes a site of `articles` generated articles (500–900 words each, over five years) and
 * plants each PLANTED word as the last word of a body spread across the archive.
 */
export async function writeShardSite(articles = 60): Promise<ShardSite> {
  const root = await tempDir('midad-shards-');
  await writeCorpus(root, { articles, imageEvery: 0, seed: 20261203 });
  const files = await articleFiles(root);
  const planted: string[] = [];
  for (let i = 0; i < PLANTED.length; i++) {
    const rel = files[Math.floor(((i + 0.5) * files.length) / PLANTED.length)]!;
    const file = path.join(root, rel);
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text.trimEnd()} ${PLANTED[i]}.\n`);
    planted.push(rel);
  }
  return { root, planted };
}

/** Builds into ROOT/public with the test clock and a shard bound (default TEST_SHARD_WORDS). */
export async function buildShardSite(root: string, shardWords = TEST_SHARD_WORDS, out = path.join(root, 'public')): Promise<BuildResult & { out: string }> {
  const before = process.env.MIDAD_SEARCH_SHARD_WORDS;
  process.env.MIDAD_SEARCH_SHARD_WORDS = String(shardWords);
  try {
    const result = await build({ root, out, drafts: false, future: false, clean: false, write: true, now: NOW });
    return { ...result, out };
  } finally {
    if (before === undefined) delete process.env.MIDAD_SEARCH_SHARD_WORDS;
    else process.env.MIDAD_SEARCH_SHARD_WORDS = before;
  }
}

/** The shards a site's last build recorded (ROOT/.midad-cache), and how many pages each indexes. */
export async function shardList(root: string): Promise<Array<{ id: string; pages: number }>> {
  const rec = JSON.parse(await readFile(path.join(root, '.midad-cache/search-shards.json'), 'utf8')) as { shards: Array<{ id: string; docs: unknown[] }> };
  return rec.shards.map((s) => ({ id: s.id, pages: s.docs.length }));
}

/** How many pages the published bundle indexes (its entry file says). */
export async function publishedPages(out: string): Promise<number> {
  const entry = JSON.parse(await readFile(path.join(out, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  return Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
}

/**
 * The text of every file below `dir` (default: the published pagefind/ folder), Pagefind's
 * compressed files inflated (index chunks, fragments, metadata, filters), keyed by their path.
 */
export async function searchFilesText(out: string, dir = path.join(out, 'pagefind')): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const rel of (await readdir(dir, { recursive: true })).map(String)) {
    const file = path.join(dir, rel);
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) continue; // a folder
    texts.set(rel.split(path.sep).join('/'), /\.pf_[a-z]+$/.test(rel) ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8'));
  }
  return texts;
}

/** Paths below pagefind/ of the search files that hold `word`. */
export async function filesHolding(out: string, word: string): Promise<string[]> {
  return [...(await searchFilesText(out))].filter(([, text]) => text.includes(word)).map(([rel]) => rel);
}
