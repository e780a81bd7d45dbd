// The published search bundle: the shards' bundles (in the cache) merged into one under
// pagefind/, handed to the output writer file by file. Every file's input key says its content
// (index chunks, metadata and fragments are named by their content; Pagefind's script and
// WebAssembly by its version), so a file the previous build published is kept without being
// compressed or written again, and a file no longer made is removed by the writer at commit.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputWriter } from '../output/write.js';
import { mergeBundles, type MergeInput, type MergeResult } from './merge.js';
import type { BundleFile } from './bundles.js';
import type { MergedRecord } from './plan.js';

export interface PublishedBundle extends MergeResult {
  /** The files to add to the writer (those it did not keep). */
  files: BundleFile[];
  /** Every file of the bundle and its input key (for the next build). */
  record: MergedRecord;
}

/**
 * Merges the shards' bundles into the published folder `publishDir` (relative to the out
 * folder): files already published are kept by the writer, new chunks are written into `scratch`.
 */
export async function publishMerged(
  inputs: MergeInput[], language: string, writer: Pick<OutputWriter, 'keepIfSame'>, scratch: string, publishDir: string, key: string,
): Promise<PublishedBundle> {
  const files: BundleFile[] = [];
  const list: Array<[string, string]> = [];
  const result = await mergeBundles(inputs, language, {
    keep(rel, inputKey) {
      const out = `${publishDir}/${rel}`;
      list.push([out, inputKey]);
      return writer.keepIfSame(out, inputKey);
    },
    async made(rel, inputKey, bytes) {
      if (typeof bytes === 'string') {
        files.push({ path: `${publishDir}/${rel}`, bytes, inputKey });
        return;
      }
      // Written at once (not held): the index's chunks together are the whole index.
      const file = path.join(scratch, ...rel.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
      files.push({ path: `${publishDir}/${rel}`, moveFrom: file, hash: inputKey, inputKey });
    },
    async copied(rel, inputKey, from) {
      files.push({ path: `${publishDir}/${rel}`, copyFrom: from, hash: inputKey, inputKey });
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
