// The incremental build's memory of the previous run: for each article file, its size and
// modification time, and the article parsed from it (without the body, which lives in the
// body pack). An unchanged file is not read again. Anything that changes how articles are
// parsed (midad's version, site.yml) changes the key and empties the cache.

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from '../diagnostics.js';
import type { ParsedArticle } from '../model.js';
import type { BodyLocation } from './body-store.js';

/** Bumped whenever the shape of cached data or the parsing rules change. */
const CACHE_FORMAT = 7;

export interface CachedArticle {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the file's bytes, for when only its time changed. */
  sourceHash: string;
  article: ParsedArticle;
  /** Warnings the file gave when parsed, shown again on every build. */
  warnings: Diagnostic[];
}

export interface BuildCacheData {
  key: string;
  articles: Record<string, CachedArticle>;
  bodies: Record<string, BodyLocation>;
}

export const INDEX_FILE = 'articles.bin';
/** The articles added, changed or removed since articles.bin was written (see saveBuildCache). */
export const DELTA_FILE = 'articles-delta.bin';
export const PACK_FILE = 'bodies.pack';

/** The cache as loaded: the base with its delta applied, and the base alone (what the next save compares with). */
export interface LoadedBuildCache extends BuildCacheData {
  base: { id: string; articles: Record<string, CachedArticle> };
}

/** articles.bin: the whole cache, named so that a delta can say which base it follows. */
interface StoredBase extends BuildCacheData {
  id?: string;
}

/** articles-delta.bin: entries that differ from base `base` (null: the file is gone), with their bodies' places. */
interface StoredDelta {
  key: string;
  base: string;
  articles: Record<string, CachedArticle | null>;
  bodies: Record<string, BodyLocation>;
}

/** A delta holds at most this many entries, or this share of the site's, before the whole cache is written again. */
const DELTA_MAX = 200;
const DELTA_SHARE = 0.05;

/**
 * The key of everything that shapes a parsed article besides its own file. The site root is
 * in it: a parsed article holds absolute paths (its images, the files it links to), so a site
 * moved, renamed or reached through another path is parsed afresh rather than sent looking
 * in its old place.
 */
export function parseKey(version: string, siteYml: string, root: string): string {
  return createHash('sha1').update(`${CACHE_FORMAT}\0${version}\0${siteYml}\0${root}`).digest('hex');
}

/** The previous run's cache, if it exists and was made under the same key. */
export async function loadBuildCache(dir: string, key: string): Promise<LoadedBuildCache | undefined> {
  let base: StoredBase;
  try {
    base = deserialize(await readFile(path.join(dir, INDEX_FILE))) as StoredBase;
  } catch {
    return undefined;
  }
  if (!base || base.key !== key || !base.articles || !base.bodies) return undefined;
  const loaded: LoadedBuildCache = { key, articles: base.articles, bodies: base.bodies, base: { id: base.id ?? '', articles: base.articles } };
  if (!base.id) return loaded;
  // A delta that cannot be read (none, or damaged) is no delta: the base alone is a sound, older cache.
  const delta = await readFile(path.join(dir, DELTA_FILE)).then((b) => deserialize(b) as StoredDelta).catch(() => undefined);
  if (delta?.key !== key || delta.base !== base.id || !delta.articles || !delta.bodies) return loaded;
  const articles = { ...base.articles };
  for (const [file, c] of Object.entries(delta.articles)) {
    if (c === null) delete articles[file];
    else articles[file] = c;
  }
  return { ...loaded, articles, bodies: { ...base.bodies, ...delta.bodies } };
}

/**
 * Writes the cache. Written whole it costs a tenth of a second at 10,000 articles, on every
 * rebuild after an edit: so while few entries differ from the base the previous load
 * found (`base`), only those are written, as a delta beside it; past DELTA_MAX (or 5% of the
 * entries) the whole cache is written again as a new base. Each file is written to a
 * temporary name and renamed into place; a delta names its base, so a delta left beside a
 * newer base is ignored.
 */
export async function saveBuildCache(dir: string, data: BuildCacheData, base?: LoadedBuildCache['base']): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (base?.id) {
    const articles: StoredDelta['articles'] = {};
    const bodies: StoredDelta['bodies'] = {};
    let count = 0;
    for (const [file, c] of Object.entries(data.articles)) {
      const b = base.articles[file];
      if (b && b.sourceHash === c.sourceHash && b.size === c.size && b.mtimeMs === c.mtimeMs && b.article.bodyHash === c.article.bodyHash) continue;
      articles[file] = c;
      const loc = data.bodies[c.article.bodyHash];
      if (loc) bodies[c.article.bodyHash] = loc;
      count++;
    }
    for (const file of Object.keys(base.articles)) {
      if (!(file in data.articles)) {
        articles[file] = null;
        count++;
      }
    }
    if (count <= Math.min(DELTA_MAX, Math.max(1, Object.keys(data.articles).length * DELTA_SHARE))) {
      await writeWhole(path.join(dir, DELTA_FILE), serialize({ key: data.key, base: base.id, articles, bodies } satisfies StoredDelta));
      return;
    }
  }
  const stored: StoredBase = { ...data, id: randomUUID() };
  await writeWhole(path.join(dir, INDEX_FILE), serialize(stored));
  await rm(path.join(dir, DELTA_FILE), { force: true });
}

async function writeWhole(file: string, bytes: Buffer): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, bytes);
  await rename(temp, file);
}
