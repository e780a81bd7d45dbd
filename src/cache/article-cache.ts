// The incremental build's memory of the previous run: for each article file, its size and
// modification time, and the article parsed from it (without the body, which lives in the
// body pack). An unchanged file is not read again. Anything that changes how articles are
// parsed (midad's version, site.yml) changes the key and empties the cache.

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from '../diagnostics.js';
import type { ArticleRefs } from '../content/article.js';
import type { Article } from '../model.js';
import type { BodyLocation } from './body-store.js';

/** Bumped whenever the shape of cached data or the parsing rules change. */
const CACHE_FORMAT = 6;

export interface CachedArticle {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the file's bytes, for when only its time changed. */
  sourceHash: string;
  article: Article & ArticleRefs;
  /** Warnings the file gave when parsed, shown again on every build. */
  warnings: Diagnostic[];
}

export interface BuildCacheData {
  key: string;
  articles: Record<string, CachedArticle>;
  bodies: Record<string, BodyLocation>;
}

export const INDEX_FILE = 'articles.bin';
export const PACK_FILE = 'bodies.pack';

/** The key of everything that shapes a parsed article besides its own file. */
export function parseKey(version: string, siteYml: string): string {
  return createHash('sha1').update(`${CACHE_FORMAT}\0${version}\0${siteYml}`).digest('hex');
}

/** The previous run's cache, if it exists and was made under the same key. */
export async function loadBuildCache(dir: string, key: string): Promise<BuildCacheData | undefined> {
  try {
    const data = deserialize(await readFile(path.join(dir, INDEX_FILE))) as BuildCacheData;
    return data && data.key === key ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache whole (temporary file, then rename). */
export async function saveBuildCache(dir: string, data: BuildCacheData): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, INDEX_FILE);
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, serialize(data));
  await rename(temp, file);
}
