// Stage: every article file → Article, reusing the previous build's parse of each file whose
// size and modification time are unchanged (the incremental build, issue 5). Bodies go to
// the body store on disk as they are rendered, so memory stays flat as the archive grows.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DiagnosticBag } from '../diagnostics.js';
import { BodyStore } from '../cache/body-store.js';
import { loadBuildCache, PACK_FILE, parseKey, saveBuildCache, type BuildCacheData, type CachedArticle } from '../cache/article-cache.js';
import { createMarkdown } from '../markdown/index.js';
import type { Article, ImageRef, Site } from '../model.js';
import { parseArticle, type ArticleRefs, type SiteTrust } from './article.js';
import { decodeUtf8 } from './encoding.js';
import type { ArticleFile } from './load.js';

export interface ReadArticlesOptions {
  /** The cache folder (ROOT/.midad-cache/build), or undefined to keep nothing. */
  cacheDir: string | undefined;
  /** Ignore what is cached. */
  clean: boolean;
  /** midad's version and site.yml's text: a change to either re-parses everything. */
  version: string;
  siteText: string;
  /** Called as files are read (done of total), for the progress line. */
  progress?: (done: number, total: number) => void;
  /** Set when site.yml has errors: check articles as far as the valid parts allow, cache nothing. */
  trust?: SiteTrust;
}

export interface ReadArticlesResult {
  articles: Array<Article & ArticleRefs>;
  bodies: BodyStore;
  /** How many files were parsed (the rest came from the cache). */
  parsed: number;
  /** Images of articles that have errors: checked too, so their errors show in the same run. */
  imagesOfBrokenArticles: ImageRef[];
  /** Hash of every article file's path and bytes: equal when no article changed. */
  fingerprint: string;
  /** Records this run for the next one; call when the build is over. */
  save(): Promise<void>;
}

/** Files read ahead while the current one is parsed (reading overlaps parsing). */
const READ_AHEAD = 16;

export async function readArticles(files: ArticleFile[], site: Site, opts: ReadArticlesOptions, bag: DiagnosticBag): Promise<ReadArticlesResult> {
  const key = parseKey(opts.version, opts.siteText);
  if (opts.trust) opts = { ...opts, cacheDir: undefined };
  const previous = opts.cacheDir && !opts.clean ? await loadBuildCache(opts.cacheDir, key) : undefined;
  const bodies = await BodyStore.open(opts.cacheDir && path.join(opts.cacheDir, PACK_FILE), previous?.bodies, !previous);
  const md = createMarkdown({ language: site.language });
  const next: Record<string, CachedArticle> = {};
  const articles: Array<Article & ArticleRefs> = [];
  let parsed = 0;
  const imagesOfBrokenArticles: ImageRef[] = [];

  const isFresh = (f: ArticleFile): CachedArticle | undefined => {
    const c = previous?.articles[f.file];
    return c && c.size === f.size && c.mtimeMs === f.mtimeMs && bodies.has(c.article.bodyHash) ? c : undefined;
  };
  const reads = new Map<number, Promise<Buffer | Error>>();
  const startRead = (i: number): void => {
    const f = files[i];
    if (!f || reads.has(i) || isFresh(f)) return;
    reads.set(i, readFile(f.real).catch((err: Error) => err));
  };

  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const cached = isFresh(f);
    if (cached) {
      const article = rebind(cached.article, site);
      if (article) {
        for (const w of cached.warnings) bag.add(w);
        articles.push(article);
        next[f.file] = cached;
        continue;
      }
    }
    opts.progress?.(i + 1, files.length);
    for (let j = i; j <= i + READ_AHEAD; j++) startRead(j);
    const bytes = await (reads.get(i) ?? readFile(f.real).catch((err: Error) => err));
    reads.delete(i);
    if (bytes instanceof Error) {
      bag.error(f.file, 1, 1, 'unreadable-file', `cannot read this file (${(bytes as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    // A fresh checkout (CI) gives every file a new time: same bytes still mean the same article.
    const sourceHash = createHash('sha1').update(bytes).digest('hex');
    const same = previous?.articles[f.file];
    if (same && same.sourceHash === sourceHash && bodies.has(same.article.bodyHash)) {
      const article = rebind(same.article, site);
      if (article) {
        for (const w of same.warnings) bag.add(w);
        articles.push(article);
        next[f.file] = { ...same, size: f.size, mtimeMs: f.mtimeMs };
        continue;
      }
    }
    const text = decodeUtf8(bytes);
    if (typeof text !== 'string') {
      bag.error(f.file, text.error.line, text.error.column, 'not-utf8', 'this file is not UTF-8 text (saved as Windows-1256?): save it as UTF-8');
      continue;
    }
    parsed++;
    const own = new DiagnosticBag();
    const result = parseArticle({ file: f.file, abs: f.abs, text }, site, md, own, opts.trust, imagesOfBrokenArticles);
    for (const d of own.items) bag.add(d);
    if (!result) continue;
    bodies.put(result.article.bodyHash, result.bodyHtml);
    articles.push(result.article);
    next[f.file] = { size: f.size, mtimeMs: f.mtimeMs, sourceHash, article: result.article, warnings: own.items };
  }

  const fingerprint = createHash('sha1');
  for (const [file, c] of Object.entries(next)) fingerprint.update(file).update('\0').update(c.sourceHash).update('\0');
  return {
    articles, bodies, parsed, imagesOfBrokenArticles, fingerprint: fingerprint.digest('hex'),
    async save() {
      if (!opts.cacheDir) return;
      const live = new Set(Object.values(next).map((c) => c.article.bodyHash));
      const index: BuildCacheData['bodies'] = {};
      for (const h of live) {
        const loc = bodies.index.get(h);
        if (loc) index[h] = loc;
      }
      // A pack mostly made of bodies no article uses any more starts afresh next time.
      const wasted = bodies.wasted(live);
      bodies.close();
      if (wasted > bodies.bytes / 2 && wasted > 8 << 20) {
        await saveBuildCache(opts.cacheDir, { key: `${key}-stale`, articles: {}, bodies: {} });
        return;
      }
      await saveBuildCache(opts.cacheDir, { key, articles: next, bodies: index });
    },
  };
}

/** Points a cached article at this build's Section and Author objects (same slugs, same site.yml). */
function rebind(a: Article & ArticleRefs, site: Site): (Article & ArticleRefs) | undefined {
  const section = site.sections.find((s) => s.slug === a.section.slug);
  const authors = a.authors.map((x) => site.authors.find((y) => y.slug === x.slug));
  if (!section || authors.some((x) => !x)) return undefined;
  return { ...a, section, authors: authors as Article['authors'], tags: a.tags.map((t) => ({ ...t })), permalink: '' };
}
