// The published search bundle: the shards' bundles (in the cache) merged into one under
// pagefind/, handed to the output writer file by file. Every file's input key says its content
// (index chunks, metadata and fragments are named by their content; Pagefind's script and
// WebAssembly by its version), so a file the previous build published is kept without being
// compressed or written again, and a file no longer made is removed by the writer at commit.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputWriter } from '../output/write.js';
import { packFile } from './bundle-format.js';
import { mergeBundles, type MergeResult } from './merge.js';
import type { BundleFile } from './bundles.js';
import type { MergedRecord } from './plan.js';

export interface PublishedBundle extends MergeResult {
  /** The files to add to the writer (those it did not keep). */
  files: BundleFile[];
  /** Every file of the bundle and its input key (for the next build). */
  record: MergedRecord;
}

/**
 * Merges the bundles in `dirs` into the published folder `publishDir` (relative to the out
 * folder): kept files are kept by the writer, compressed ones are written into `scratch`.
 */
export async function publishMerged(
  dirs: string[], language: string, writer: Pick<OutputWriter, 'keepIfSame'>, scratch: string, publishDir: string, key: string,
): Promise<PublishedBundle> {
  const files: BundleFile[] = [];
  const list: Array<[string, string]> = [];
  const keep = (rel: string, inputKey: string): boolean => {
    const out = `${publishDir}/${rel}`;
    list.push([out, inputKey]);
    return writer.keepIfSame(out, inputKey);
  };
  const result = await mergeBundles(dirs, language, {
    async made(rel, make) {
      if (keep(rel, rel)) return;
      const file = path.join(scratch, ...rel.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, packFile(make()));
      files.push({ path: `${publishDir}/${rel}`, content: { moveFrom: file, hash: rel }, inputKey: rel });
    },
    async copied(rel, from, inputKey) {
      if (keep(rel, inputKey)) return;
      files.push({ path: `${publishDir}/${rel}`, content: { copyFrom: from, hash: inputKey }, inputKey });
    },
    async entry(text, inputKey) {
      if (keep('pagefind-entry.json', inputKey)) return;
      files.push({ path: `${publishDir}/pagefind-entry.json`, content: { bytes: text }, inputKey });
    },
  });
  return { ...result, files, record: { key, files: list } };
}

/**
 * Keeps the bundle the previous build published when it was merged from the same shards (no
 * merge at all): true when the writer kept every one of its files.
 */
export function keepPublished(writer: Pick<OutputWriter, 'keepIfSame'>, previous: MergedRecord | undefined, key: string): boolean {
  if (!previous || previous.key !== key || !previous.files.length) return false;
  // A file kept before another is found changed is harmless: its name says its content, and the
  // merge that follows makes it again with the same name and key.
  return previous.files.every(([rel, inputKey]) => writer.keepIfSame(rel, inputKey));
}
