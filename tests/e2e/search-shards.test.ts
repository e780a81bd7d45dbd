// The search index in shards, built for real: a 60-article site in several shards by
// publication time, every word of every body indexed; a build after an edit, an addition or a
// deletion makes only the shards it touches again, and a deleted article's words are in no
// published search file afterwards (Pagefind's files read back); a damaged shard record makes
// that shard again, alone.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashTree } from '../helpers/site.js';
import { PLANTED, buildShardSite, filesHolding, shardList, writeShardSite, type ShardSite } from './search-support.js';

/** Hash of every file of each shard folder. */
async function shardHashes(out: string): Promise<Map<string, string>> {
  const tree = await hashTree(path.join(out, 'pagefind'));
  const by = new Map<string, string[]>();
  for (const [file, h] of [...tree].sort()) {
    const rel = file.split(path.sep).join('/');
    const id = rel.split('/')[0]!;
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

  it('splits the archive into several shards, oldest first, every article in one, every planted last word indexed', async () => {
    const shards = await shardList(out);
    assert.ok(shards.length >= 3, `${shards.length} shards`);
    assert.equal(shards.reduce((n, s) => n + s.pages, 0), 60);
    const rec = await record();
    assert.deepEqual(rec.shards.map((s) => s.id), shards.map((s) => s.id), 'the record and the published list agree');
    for (const s of shards) assert.ok(existsSync(path.join(out, 'pagefind', s.id, 'pagefind.js')), s.id);
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
    const before = await shardHashes(out);
    const rel = site.planted[2]!;
    const file = path.join(site.root, rel);
    await writeFile(file, (await readFile(file, 'utf8')).replace(PLANTED[2]!, 'كستنائيات'));
    await rebuild();
    assert.deepEqual(changed(before, await shardHashes(out)), [await shardOf(rel)]);
    assert.deepEqual(await filesHolding(out, PLANTED[2]!), []);
    assert.equal((await filesHolding(out, 'كستنائيات')).filter((f) => f.endsWith('.pf_fragment')).length, 1);
  });

  it('makes only the deleted article\'s shard again, and none of its words is published afterwards', async () => {
    const before = await shardHashes(out);
    const rel = site.planted[4]!;
    const id = await shardOf(rel);
    const text = await readFile(path.join(site.root, rel), 'utf8');
    const title = (JSON.parse(/^title: (.*)$/m.exec(text)![1]!) as string);
    await rm(path.join(site.root, rel));
    await rebuild();
    assert.deepEqual(changed(before, await shardHashes(out)), [id]);
    assert.deepEqual(await filesHolding(out, PLANTED[4]!), [], 'its planted word is in no index chunk, fragment or metadata');
    assert.deepEqual(await filesHolding(out, title), [], 'nor is its title');
    assert.equal((await shardList(out)).reduce((n, s) => n + s.pages, 0), 59);
  });

  it('makes an unpublished (drafted) article\'s shard again without it', async () => {
    const rel = site.planted[0]!;
    const before = await shardHashes(out);
    const id = await shardOf(rel);
    const file = path.join(site.root, rel);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^---\n/, '---\ndraft: true\n'));
    await rebuild();
    assert.deepEqual(changed(before, await shardHashes(out)), [id]);
    assert.deepEqual(await filesHolding(out, PLANTED[0]!), []);
  });

  it('adds a new article to the newest shard only', async () => {
    const before = await shardHashes(out);
    const rel = 'content/articles/2026/11/20/new-one.md';
    await mkdir(path.dirname(path.join(site.root, rel)), { recursive: true });
    await writeFile(path.join(site.root, rel), '---\ntitle: خبر جديد عن الحبهان\nsummary: ملخص.\ndate: 2026-11-20T10:00:00+03:00\nsection: economy\n---\n\nنص الخبر الجديد ينتهي بكلمة فستقيات.\n');
    await rebuild();
    const shards = await shardList(out);
    assert.deepEqual(changed(before, await shardHashes(out)), [shards[shards.length - 1]!.id]);
    assert.equal((await filesHolding(out, 'فستقيات')).filter((f) => f.endsWith('.pf_fragment')).length, 1);
  });

  it('makes a shard whose record is damaged again, alone, without a crash', async () => {
    const before = await shardHashes(out);
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
    assert.deepEqual(changed(before, await shardHashes(out)), [await shardOf(other)]);
    const fresh = JSON.parse(await readFile(recFile, 'utf8')) as { shards: Array<{ id: string; docs: unknown[] }> };
    assert.ok(fresh.shards.find((s) => s.id === victim)!.docs.every((d) => Array.isArray(d)), 'the record is whole again');
    await writeFile(recFile, '{"version":3,"config":');
    await writeFile(path.join(site.root, other), (await readFile(path.join(site.root, other), 'utf8')).replace('لوزيات', 'جوزيات'));
    assert.ok((await buildShardSite(site.root)).ok, 'a record cut short: every shard made again');
    assert.equal((await shardList(out)).reduce((n, s) => n + s.pages, 0), 59, 'every article in a shard');
  });
});
