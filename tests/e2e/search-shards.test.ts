// The search index in shards, built for real: a 60-article site in several shards by
// publication time, every word of every body indexed, published as one bundle merged from the
// shards' that is, file for file, the bundle one Pagefind index of the same articles makes; a
// build after an edit, an addition or a deletion makes only the shards it touches again, and a
// deleted article's words are in no published search file afterwards (Pagefind's files read
// back); a damaged shard record, or a damaged shard bundle in the cache, makes that shard again, alone.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashTree } from '../helpers/site.js';
import { PLANTED, buildShardSite, filesHolding, publishedPages, searchFilesText, shardList, writeShardSite, type ShardSite } from './search-support.js';

/** The shards' bundles in the cache (a folder per shard and version of it). */
const SHARD_BUNDLES = '.midad-cache/search';

/** Hash of every file of each shard's bundle, by shard id. */
async function shardHashes(root: string): Promise<Map<string, string>> {
  const tree = await hashTree(path.join(root, SHARD_BUNDLES));
  const by = new Map<string, string[]>();
  for (const [file, h] of [...tree].sort()) {
    const rel = file.split(path.sep).join('/');
    const id = rel.split('/')[0]!.split('.')[0]!;
    if (!rel.includes('/')) continue;
    by.set(id, [...(by.get(id) ?? []), `${rel}:${h}`]);
  }
  return new Map([...by].map(([id, l]) => [id, l.join('\n')]));
}

/** The shards whose files differ between two readings (ids in either). */
function changed(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id)).sort();
}

describe('search shards between builds', () => {
  let site: ShardSite;
  let out = '';
  const record = async (): Promise<{ shards: Array<{ id: string; docs: Array<[string, string]> }> }> =>
    JSON.parse(await readFile(path.join(site.root, '.midad-cache/search-shards.json'), 'utf8')) as { shards: Array<{ id: string; docs: Array<[string, string]> }> };
  const shardOf = async (rel: string): Promise<string> => {
    const url = `/${rel.replace(/^content\//, '').replace(/\.md$/, '/')}`;
    return (await record()).shards.find((s) => s.docs.some(([u]) => u === url))!.id;
  };
  const rebuild = async (): Promise<void> => {
    const r = await buildShardSite(site.root);
    assert.ok(r.ok, r.diagnostics.map((d) => d.message).join('\n'));
    out = r.out;
  };

  before(async () => {
    site = await writeShardSite();
    await rebuild();
  });
  after(async () => {
    if (site) await rm(site.root, { recursive: true, force: true });
  });

  it('splits the archive into several shards, oldest first, every article in one, published as one bundle, every planted last word indexed', async () => {
    const shards = await shardList(site.root);
    assert.ok(shards.length >= 3, `${shards.length} shards`);
    assert.equal(shards.reduce((n, s) => n + s.pages, 0), 60);
    assert.equal(await publishedPages(out), 60, 'the published bundle indexes every article');
    const bundles = (await readdir(path.join(site.root, SHARD_BUNDLES))).map((n) => n.split('.')[0]!).sort();
    assert.deepEqual(bundles, shards.map((s) => s.id), 'a bundle per shard in the cache');
    assert.ok(existsSync(path.join(out, 'pagefind/pagefind.js')));
    assert.deepEqual((await readdir(path.join(out, 'pagefind'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort(), ['fragment', 'index'], 'no shard is published');
    const rec = await record();
    assert.deepEqual([...rec.shards.map((s) => s.id)].sort(), rec.shards.map((s) => s.id), 'named by date: the order is publication order');
    // Each planted last word is in its article's fragment (the index chunks hold its stem).
    for (const word of PLANTED) assert.equal((await filesHolding(out, word)).filter((f) => f.endsWith('.pf_fragment')).length, 1, word);
  });

  it('writes nothing when nothing changed', async () => {
    const r = await buildShardSite(site.root);
    assert.ok(r.ok);
    assert.equal(r.stats.files?.written, 0);
  });

  it('makes only the edited article\'s shard again, and its old word leaves every search file', async () => {
    const before = await shardHashes(site.root);
    const rel = site.planted[2]!;
    const file = path.join(site.root, rel);
    await writeFile(file, (await readFile(file, 'utf8')).replace(PLANTED[2]!, 'كستنائيات'));
    await rebuild();
    assert.deepEqual(changed(before, await shardHashes(site.root)), [await shardOf(rel)]);
    assert.deepEqual(await filesHolding(out, PLANTED[2]!), []);
    assert.equal((await filesHolding(out, 'كستنائيات')).filter((f) => f.endsWith('.pf_fragment')).length, 1);
  });

  it('makes only the deleted article\'s shard again, and none of its words is published afterwards', async () => {
    const before = await shardHashes(site.root);
    const rel = site.planted[4]!;
    const id = await shardOf(rel);
    const text = await readFile(path.join(site.root, rel), 'utf8');
    const title = (JSON.parse(/^title: (.*)$/m.exec(text)![1]!) as string);
    await rm(path.join(site.root, rel));
    await rebuild();
    assert.deepEqual(changed(before, await shardHashes(site.root)), [id]);
    assert.deepEqual(await filesHolding(out, PLANTED[4]!), [], 'its planted word is in no index chunk, fragment or metadata');
    assert.deepEqual(await filesHolding(out, title), [], 'nor is its title');
    assert.equal((await shardList(site.root)).reduce((n, s) => n + s.pages, 0), 59);
    assert.equal(await publishedPages(out), 59);
  });

  it('makes an unpublished (drafted) article\'s shard again without it', async () => {
    const rel = site.planted[0]!;
    const before = await shardHashes(site.root);
    const id = await shardOf(rel);
    const file = path.join(site.root, rel);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^---\n/, '---\ndraft: true\n'));
    await rebuild();
    assert.deepEqual(changed(before, await shardHashes(site.root)), [id]);
    assert.deepEqual(await filesHolding(out, PLANTED[0]!), []);
  });

  it('adds a new article to the newest shard only', async () => {
    const before = await shardHashes(site.root);
    const rel = 'content/articles/2026/11/20/new-one.md';
    await mkdir(path.dirname(path.join(site.root, rel)), { recursive: true });
    await writeFile(path.join(site.root, rel), '---\ntitle: خبر جديد عن الحبهان\nsummary: ملخص.\ndate: 2026-11-20T10:00:00+03:00\nsection: economy\n---\n\nنص الخبر الجديد ينتهي بكلمة فستقيات.\n');
    await rebuild();
    const shards = await shardList(site.root);
    assert.deepEqual(changed(before, await shardHashes(site.root)), [shards[shards.length - 1]!.id]);
    assert.equal((await filesHolding(out, 'فستقيات')).filter((f) => f.endsWith('.pf_fragment')).length, 1);
  });

  it('makes a shard whose record is damaged again, alone, without a crash', async () => {
    const before = await shardHashes(site.root);
    const recFile = path.join(site.root, '.midad-cache/search-shards.json');
    const rec = JSON.parse(await readFile(recFile, 'utf8')) as { shards: Array<Record<string, unknown>> };
    const victim = rec.shards[1]!.id as string;
    rec.shards[1]!.docs = [null];
    await writeFile(recFile, JSON.stringify(rec));
    // An edit in another shard, so that the build does not stop at "nothing changed".
    const other = site.planted[5]!;
    await writeFile(path.join(site.root, other), (await readFile(path.join(site.root, other), 'utf8')).replace(PLANTED[5]!, 'لوزيات'));
    const r = await buildShardSite(site.root);
    assert.ok(r.ok, r.diagnostics.map((d) => d.message).join('\n'));
    // The damaged one is made again from the same articles, so with the same bytes: only the record tells.
    assert.deepEqual(changed(before, await shardHashes(site.root)), [await shardOf(other)]);
    const fresh = JSON.parse(await readFile(recFile, 'utf8')) as { shards: Array<{ id: string; docs: unknown[] }> };
    assert.ok(fresh.shards.find((s) => s.id === victim)!.docs.every((d) => Array.isArray(d)), 'the record is whole again');
    await writeFile(recFile, '{"version":3,"config":');
    await writeFile(path.join(site.root, other), (await readFile(path.join(site.root, other), 'utf8')).replace('لوزيات', 'جوزيات'));
    assert.ok((await buildShardSite(site.root)).ok, 'a record cut short: every shard made again');
    assert.equal((await shardList(site.root)).reduce((n, s) => n + s.pages, 0), 59, 'every article in a shard');
  });

  it('makes a shard whose bundle in the cache is damaged again, in the same build, and publishes what it holds', async () => {
    const victim = (await shardList(site.root))[2]!.id;
    const dir = (await readdir(path.join(site.root, SHARD_BUNDLES))).find((n) => n.startsWith(`${victim}.`))!;
    const chunks = await readdir(path.join(site.root, SHARD_BUNDLES, dir, 'index'));
    await writeFile(path.join(site.root, SHARD_BUNDLES, dir, 'index', chunks[0]!), 'not gzip');
    const expected = await searchFilesText(out);
    // An edit elsewhere and back, so that the build does not stop at "nothing changed" and publishes the same bundle.
    const other = site.planted[5]!;
    await writeFile(path.join(site.root, other), (await readFile(path.join(site.root, other), 'utf8')).replace('جوزيات', 'تينيات'));
    assert.ok((await buildShardSite(site.root)).ok);
    await writeFile(path.join(site.root, other), (await readFile(path.join(site.root, other), 'utf8')).replace('تينيات', 'جوزيات'));
    const r = await buildShardSite(site.root);
    assert.ok(r.ok, r.diagnostics.map((d) => d.message).join('\n'));
    assert.deepEqual(await searchFilesText(out), expected, 'the published bundle as before the damage');
  });
});

// The merge is exact: the same articles in shards and in one Pagefind index publish the same
// files under the same names, each the same once inflated (metadata, every index chunk cut where
// Pagefind cuts it, fragments), so the site searches and ranks as one index would.
describe('the merged bundle', () => {
  it('is, file for file, the bundle of one index over the same articles', async () => {
    const sharded = await writeShardSite();
    const single = await writeShardSite();
    try {
      const a = await buildShardSite(sharded.root);
      const b = await buildShardSite(single.root, 1e9);
      assert.ok(a.ok && b.ok);
      assert.ok((await shardList(sharded.root)).length >= 3);
      assert.equal((await shardList(single.root)).length, 1);
      const many = await searchFilesText(a.out);
      const one = await searchFilesText(b.out);
      assert.ok([...one.keys()].filter((f) => f.startsWith('index/')).length >= 3, 'several index chunks');
      assert.deepEqual([...many.keys()].sort(), [...one.keys()].sort(), 'the same file names');
      for (const [rel, text] of one) assert.ok(many.get(rel) === text, rel);
    } finally {
      await rm(sharded.root, { recursive: true, force: true });
      await rm(single.root, { recursive: true, force: true });
    }
  });
});
