// The photo encoder runs in a process of its own. When it dies mid-photo (killed, out of
// memory, a decoder's crash) the build fails with an error at each reference to the photos it
// had, in the editor's words and without a stack trace, and the published site is untouched;
// the next build encodes them again.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { buildSite, listFiles, removeOnExit, runCli, tempDir, writeFiles, NOW } from '../helpers/site.js';
import { writePhotoJpeg } from '../fixtures/images/generate.js';

const SITE = `title: الفاصل
description: موقع إخباري
baseUrl: https://example.org/
sections:
  - slug: news
    name: أخبار
authors:
  - slug: desk
    name: المحرر
defaultAuthor: desk
`;

const article = (n: number, image: string): string => `---
title: خبر رقم ${n}
summary: ملخص الخبر.
date: 2026-02-0${n}T10:00:00+03:00
section: news
image:
  src: ${image}
  alt: صورة الخبر
  credit: المصور
---

نص الخبر.
`;

test('a photo encoder that dies fails the build at the photo, leaves the site as it was, and the next build encodes again', async () => {
  const root = await tempDir('midad-encoder-');
  removeOnExit(root);
  await writeFiles(root, { 'content/site.yml': SITE, 'content/articles/2026/02/01/one/index.md': article(1, 'a.jpg') });
  await writePhotoJpeg(path.join(root, 'content/articles/2026/02/01/one/a.jpg'), 1800, 1200);
  await buildSite(root);
  const out = path.join(root, 'public');
  const before = await listFiles(out);
  const home = await readFile(path.join(out, 'index.html'));

  await writeFiles(root, { 'content/articles/2026/02/02/two/index.md': article(2, 'b.jpg') });
  await writePhotoJpeg(path.join(root, 'content/articles/2026/02/02/two/b.jpg'), 2000, 1300);
  const killed = await runCli(['build', '--root', root], { now: NOW, env: { MIDAD_TEST_KILL_AT: 'encoder:1' } });
  assert.equal(killed.code, 1, killed.stderr);
  assert.match(killed.stderr, /content\/articles\/2026\/02\/02\/two\/index\.md:\d+:\d+: error: could not process image "?b\.jpg"?: the photo encoder stopped before it was done \(SIGKILL\)/);
  assert.doesNotMatch(killed.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(await listFiles(out), before);
  assert.deepEqual(await readFile(path.join(out, 'index.html')), home);

  await buildSite(root);
  const hero = (await listFiles(out)).filter((f) => f.startsWith('images/') && f.endsWith('.webp'));
  assert.ok(hero.length > before.filter((f) => f.startsWith('images/') && f.endsWith('.webp')).length, 'the second photo is published');
  for (const f of hero) assert.equal((await sharp(path.join(out, f)).metadata()).format, 'webp');
});
