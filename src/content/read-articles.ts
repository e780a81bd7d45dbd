// Stage: every article file → ParsedArticle, reusing the previous build's parse of each file whose
// size and modification time are unchanged (the incremental build). Bodies go to
// the body store on disk as they are rendered, so memory stays flat as the archive grows.

import { killPoint } from '../faults.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, DiagnosticBag } from '../diagnostics.js';
import { BodyStore } from '../cache/body-store.js';
import { loadBuildCache, PACK_FILE, parseKey, saveBuildCache, type BuildCacheData, type CachedArticle } from '../cache/article-cache.js';
import { createMarkdown } from '../markdown/index.js';
import type { ImageRef, ParsedArticle, Site, Tag } from '../model.js';
import type { SiteTrust } from './article.js';
import { parseFile, type ParseJob, type ParseOutcome } from './parse-file.js';
import { parseInThreads, THREADED_PARSE_MIN } from './parse-pool.js';
import { buildThreads } from '../threads.js';
import type { ArticleFile } from './load.js';
import { inBatches } from '../concurrency.js';
import { MAX_ARTICLE_BYTES } from './limits.js';

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
  articles: ParsedArticle[];
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

/** Files read at once when checking whether their bytes changed. */
const READ_AHEAD = 16;

export async function readArticles(files: ArticleFile[], site: Site, opts: ReadArticlesOptions, bag: DiagnosticBag): Promise<ReadArticlesResult> {
  const key = parseKey(opts.version, opts.siteText, site.root);
  if (opts.trust) opts = { ...opts, cacheDir: undefined };
  const previous = opts.cacheDir && !opts.clean ? await loadBuildCache(opts.cacheDir, key) : undefined;
  const bodies = await BodyStore.open(opts.cacheDir && path.join(opts.cacheDir, PACK_FILE), previous?.bodies, !previous);
  const next: Record<string, CachedArticle> = {};
  const articles: ParsedArticle[] = [];
  let parsed = 0;
  const imagesOfBrokenArticles: ImageRef[] = [];

  const tags = tagPool();
  const isFresh = (f: ArticleFile): CachedArticle | undefined => {
    const c = previous?.articles[f.file];
    return c && c.size === f.size && c.mtimeMs === f.mtimeMs && bodies.has(c.article.bodyHash) ? c : undefined;
  };
  /** What each file gave, in file order (the order of the site's articles and of the cache). */
  const slots: Array<{ article: ParsedArticle; cached: CachedArticle } | { diagnostics: Diagnostic[]; images: ImageRef[] } | undefined> = new Array(files.length);
  const fromCache = (i: number, c: CachedArticle, f: ArticleFile): boolean => {
    const article = rebind(c.article, site, tags);
    if (!article) return false;
    slots[i] = { article, cached: { ...c, size: f.size, mtimeMs: f.mtimeMs } };
    return true;
  };

  // 1. Files whose size and time are unchanged come from the cache. A file whose time changed
  // (a fresh checkout on CI) is read and hashed: the same bytes still mean the same article.
  const jobs: ParseJob[] = [];
  const toHash: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const cached = isFresh(f);
    if (cached && fromCache(i, cached, f)) continue;
    // A file past the size limit is not read to be hashed: parsing refuses it from its size.
    if (previous?.articles[f.file] && f.size <= MAX_ARTICLE_BYTES) toHash.push(i);
    else jobs.push({ i, file: f.file, abs: f.abs, real: f.real });
  }
  await inBatches(toHash, READ_AHEAD, async (i) => {
    const f = files[i]!;
    const bytes = await readFile(f.real).catch((err: Error) => err);
    if (bytes instanceof Error) {
      jobs.push({ i, file: f.file, abs: f.abs, real: f.real });
      return;
    }
    const sourceHash = createHash('sha1').update(bytes).digest('hex');
    const same = previous!.articles[f.file]!;
    if (same.sourceHash === sourceHash && bodies.has(same.article.bodyHash) && fromCache(i, same, f)) return;
    jobs.push({ i, file: f.file, abs: f.abs, real: f.real, bytes, sourceHash });
  });

  // 2. The rest is parsed: on every core when there are many (a cold build), else right here.
  jobs.sort((a, b) => a.i - b.i);
  let done = 0;
  const take = (o: ParseOutcome): void => {
    const f = files[o.i]!;
    opts.progress?.(++done, jobs.length);
    killPoint('parse');
    if (o.sourceHash !== undefined && !o.diagnostics.some((d) => d.code === 'not-utf8')) parsed++;
    if (o.parsed && o.sourceHash !== undefined) {
      const article = adopt(o.parsed.article, site, tags);
      bodies.put(article.bodyHash, o.parsed.bodyHtml);
      slots[o.i] = { article, cached: { size: f.size, mtimeMs: f.mtimeMs, sourceHash: o.sourceHash, article, warnings: o.diagnostics } };
    } else {
      slots[o.i] = { diagnostics: o.diagnostics, images: o.images };
    }
  };
  if (jobs.length >= THREADED_PARSE_MIN && buildThreads() > 1) {
    await parseInThreads(jobs, site, opts.trust, buildThreads(), take);
  } else {
    const md = createMarkdown({ language: site.language });
    for (const job of jobs) take(parseFile(job, site, md, opts.trust));
  }

  // 3. In file order: the articles, their warnings and errors, the cache's next contents.
  for (let i = 0; i < files.length; i++) {
    const slot = slots[i];
    if (!slot) continue;
    if ('article' in slot) {
      for (const w of slot.cached.warnings) bag.add(w);
      articles.push(slot.article);
      next[files[i]!.file] = slot.cached;
    } else {
      for (const d of slot.diagnostics) bag.add(d);
      imagesOfBrokenArticles.push(...slot.images);
    }
  }

  const fingerprint = createHash('sha1');
  for (const [file, c] of Object.entries(next)) fingerprint.update(file).update('\0').update(c.sourceHash).update('\0');
  // Every file as the cache has it (same size and time, none added or removed): the cache
  // stands as it is. Writing it costs a tenth of a second at 10,000 articles.
  const cacheUnchanged = previous !== undefined && toHash.length === 0 && jobs.length === 0
    && Object.keys(next).length === Object.keys(previous.articles).length;
  return {
    articles, bodies, parsed, imagesOfBrokenArticles, fingerprint: fingerprint.digest('hex'),
    async save() {
      if (!opts.cacheDir) return;
      if (cacheUnchanged) {
        bodies.close();
        return;
      }
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
      await saveBuildCache(opts.cacheDir, { key, articles: next, bodies: index }, previous?.base);
    },
  };
}

/** One Tag object per spelling for all articles (no article changes its tags' objects). */
type TagPool = (t: Tag) => Tag;

function tagPool(): TagPool {
  const pool = new Map<string, Tag>();
  return (t) => {
    const id = `${t.key}\0${t.name}`;
    let shared = pool.get(id);
    if (!shared) pool.set(id, (shared = { key: t.key, name: t.name }));
    return shared;
  };
}

/** Points a cached article at this build's Section and Author objects (same slugs, same site.yml). */
function rebind(a: ParsedArticle, site: Site, tags: TagPool): ParsedArticle | undefined {
  const section = site.sections.find((s) => s.slug === a.section.slug);
  const authors = a.authors.map((x) => site.authors.find((y) => y.slug === x.slug));
  if (!section || authors.some((x) => !x)) return undefined;
  return { ...a, section, authors: authors as ParsedArticle['authors'], tags: a.tags.map(tags) };
}

/** Points an article parsed in another thread at this build's Section, Author and Tag objects. */
function adopt(a: ParsedArticle, site: Site, tags: TagPool): ParsedArticle {
  // Just parsed, the article is this build's alone: its tags are swapped for the pool's in place.
  a.tags = a.tags.map(tags);
  const section = site.sections.find((s) => s.slug === a.section.slug) ?? a.section;
  const authors = a.authors.map((x) => site.authors.find((y) => y.slug === x.slug) ?? x);
  return section === a.section && authors.every((x, k) => x === a.authors[k]) ? a : { ...a, section, authors };
}
