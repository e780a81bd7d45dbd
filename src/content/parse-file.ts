// One article file's bytes → its parse, as plain data: what the build's parse threads
// (src/content/parse-worker.ts) send back, and what a small build does in its own thread.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { MarkdownIt } from 'markdown-it';
import { DiagnosticBag, type Diagnostic } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import type { ImageRef, Site } from '../model.js';
import { parseArticle, type ParseResult, type SiteTrust } from './article.js';
import { decodeUtf8 } from './encoding.js';
import { formatBytes, MAX_ARTICLE_BYTES } from './limits.js';

/** A file to parse: `i` is its place in the site's file list; bytes are read here when absent. */
export interface ParseJob {
  i: number;
  file: string;
  abs: string;
  /** The path to read (symlinks followed). */
  real: string;
  bytes?: Uint8Array;
  sourceHash?: string;
}

export interface ParseOutcome {
  i: number;
  /** SHA-1 of the file's bytes; absent when the file could not be read. */
  sourceHash?: string;
  /** Present when the article is sound. */
  parsed?: ParseResult;
  diagnostics: Diagnostic[];
  /** The article's images, even when it has errors (every error in one run). */
  images: ImageRef[];
}

export function parseFile(job: ParseJob, site: Site, md: MarkdownIt, trust?: SiteTrust): ParseOutcome {
  const bag = new DiagnosticBag();
  const images: ImageRef[] = [];
  let bytes = job.bytes;
  if (!bytes) {
    try {
      // Sized before it is read: a file of gigabytes must not be loaded to be refused.
      const size = statSync(job.real).size;
      if (size > MAX_ARTICLE_BYTES) return tooLarge(job, size, bag);
      bytes = readFileSync(job.real);
    } catch (err) {
      bag.error(job.file, 1, 1, 'unreadable-file', msg('unreadable-file', { code: (err as NodeJS.ErrnoException).code ?? 'error' }));
      return { i: job.i, diagnostics: bag.items, images };
    }
  }
  if (bytes.length > MAX_ARTICLE_BYTES) return tooLarge(job, bytes.length, bag);
  const sourceHash = job.sourceHash ?? createHash('sha1').update(bytes).digest('hex');
  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') {
    bag.error(job.file, text.error.line, text.error.column, 'not-utf8', msg('not-utf8'));
    return { i: job.i, sourceHash, diagnostics: bag.items, images };
  }
  const parsed = parseArticle({ file: job.file, abs: job.abs, text, sourceHash }, site, md, bag, trust, images);
  return { i: job.i, sourceHash, ...(parsed ? { parsed } : {}), diagnostics: bag.items, images };
}

function tooLarge(job: ParseJob, size: number, bag: DiagnosticBag): ParseOutcome {
  bag.error(job.file, 1, 1, 'article-too-large', msg('article-too-large', { size: formatBytes(size), max: formatBytes(MAX_ARTICLE_BYTES) }));
  return { i: job.i, diagnostics: bag.items, images: [] };
}
