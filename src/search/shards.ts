// The search index in shards: ranges of publication time, each made by its own Pagefind index
// of at most a bounded number of words, so that the memory a build needs is bounded by the shard
// and not by the archive. Ranges are remembered between builds (plan.ts): an article goes to the
// shard whose range holds its date, so the archive's old shards never change unless one of their
// articles does, and this week's work touches only the newest. A shard that outgrows the bound
// (the newest, as the site grows; an old one, when many back-dated articles arrive) is split;
// one emptied by deletions is dropped.

import { createHash } from 'node:crypto';
import type { ReadShard } from './plan.js';

/** What the planner needs of a document. */
export interface ShardDoc {
  url: string;
  key: string;
  /** Publication order (date, then URL). */
  order: string;
  words: number;
}

export interface PlannedShard<D extends ShardDoc = ShardDoc> {
  id: string;
  start: string;
  /** In publication order. */
  docs: D[];
}

/**
 * Words a shard holds at most (about 450 articles of 750 words): Pagefind's memory grows with the
 * words it indexes (about 120 MB for a shard this size, 2.5 GB for 7.5 million words in one
 * index). The shards are merged into one published bundle, so their size costs a reader
 * nothing; smaller ones hold less memory while they are made, and the merge reads one chunk of
 * each at a time. MIDAD_SEARCH_SHARD_WORDS overrides it (an internal switch, for tests and
 * measurements).
 */
export const SHARD_WORDS = 350_000;

export function shardWords(): number {
  const v = process.env.MIDAD_SEARCH_SHARD_WORDS;
  return v !== undefined && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : SHARD_WORDS;
}

/**
 * How far a shard may pass the bound before it is split: an edit that lengthens an article, or
 * a few back-dated ones, then leave the shard whole (a split makes two shards again).
 */
const SPLIT_SLACK = 1.25;

/** A new shard's id: its first article's day and a hash of where it starts (unique, a folder name). */
export function shardId(start: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(start);
  return `${day ? `${day[1]}${day[2]}${day[3]}` : 's'}-${createHash('sha1').update(start).digest('hex').slice(0, 8)}`;
}

/** Docs (in order) in runs of at most `bound` words (a longer article is a run of its own). */
function pack<D extends ShardDoc>(docs: D[], bound: number): D[][] {
  const runs: D[][] = [];
  let run: D[] = [];
  let words = 0;
  for (const d of docs) {
    if (run.length && words + d.words > bound) {
      runs.push(run);
      run = [];
      words = 0;
    }
    run.push(d);
    words += d.words;
  }
  if (run.length) runs.push(run);
  return runs;
}

/**
 * The shards of this build, from the documents (in publication order) and the previous build's
 * ranges (undefined: none). Each keeps its id while it keeps its start.
 */
export function planShards<D extends ShardDoc>(docs: D[], prev: readonly ReadShard[] | undefined, bound: number): PlannedShard<D>[] {
  const ranges = prev && prev.length ? prev.map((s) => ({ id: s.id, start: s.start })) : [{ id: '', start: '' }];
  const members: D[][] = ranges.map(() => []);
  // The last range whose start is at or before the document's order (the first holds anything earlier).
  let r = 0;
  for (const d of docs) {
    while (r + 1 < ranges.length && ranges[r + 1]!.start <= d.order) r++;
    members[r]!.push(d);
  }
  const out: PlannedShard<D>[] = [];
  ranges.forEach((range, i) => {
    const docsIn = members[i]!;
    const words = docsIn.reduce((n, d) => n + d.words, 0);
    const runs = range.id && words <= bound * SPLIT_SLACK ? [docsIn].filter((r) => r.length) : pack(docsIn, bound);
    runs.forEach((run, j) => {
      // The first run keeps the range's id and start; a split's others start at their first article.
      const start = j === 0 && range.id ? range.start : run[0]!.order;
      out.push({ id: j === 0 && range.id ? range.id : shardId(start), start, docs: run });
    });
  });
  return out;
}
