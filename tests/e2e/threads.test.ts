// A large build parses its articles and renders its pages on worker threads
// (src/content/parse-pool.ts, src/render/render-pool.ts); a small one does both in the main
// thread. Both must give the same site and the same errors, in the same order, with the same
// positions: this builds one 260-article site both ways (MIDAD_THREADS=3 and =1). Three, not
// two: while Pagefind indexes a whole site the build leaves it a core (src/stages/pages.ts), so on
// two its render thread would start only once the index is written, and on a site this small
// perhaps never.

import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { build } from '../../src/build.js';
import { THREADED_PARSE_MIN } from '../../src/content/parse-pool.js';
import { RENDER_THREADS_AFTER } from '../../src/render/render-pool.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { FIXTURES, hashTree, NOW, ROOT, tempDir } from '../helpers/site.js';

const SECTIONS = ['politics', 'security'];
/** MIDAD_THREADS for the threaded builds (see above). */
const THREADS = 3;

async function bigSite(broken: boolean | 'template'): Promise<string> {
  const root = await tempDir('midad-threads-');
  await cp(path.join(FIXTURES, 'errors', '_base'), root, { recursive: true });
  const dir = path.join(root, 'content', 'articles', '2026', '01');
  for (let i = 0; i < THREADED_PARSE_MIN + 60; i++) {
    const day = String((i % 27) + 1).padStart(2, '0');
    await mkdir(path.join(dir, day), { recursive: true });
    const body = `نص المقال رقم ${i}، وفيه **خبر** عن [الأمن](https://example.org/${i}) و«اقتباس».\n\n## عنوان فرعي ${i}\n\nفقرة ثانية بأرقام ${i * 7}%.`;
    await writeFile(path.join(dir, day, `article-${i}.md`),
      `---\ntitle: "مقال ${i}: ـأخبارُ اليوم"\nsummary: ملخص المقال ${i}.\ndate: 2026-01-${day}T${String(i % 24).padStart(2, '0')}:30:00+03:00\nsection: ${SECTIONS[i % 2]}\ntags: [وسم ${i % 5}, العراق]\n---\n\n${body}\n`);
  }
  if (broken === 'template') {
    // Fails only on the pages of articles tagged «وسم 4»: some rendered before the threads start, most after.
    const own = path.join(root, 'templates');
    await mkdir(own, { recursive: true });
    const article = await readFile(path.join(ROOT, 'templates', 'article.njk'), 'utf8');
    await writeFile(path.join(own, 'article.njk'), article.replace('{% block main %}', '{% block main %}{% if article.tags[0].name == "وسم 4" %}{{ article.title | nosuchfilter }}{% endif %}'));
  } else if (broken) {
    const at = (rel: string, text: string | Buffer): Promise<void> => writeFile(path.join(dir, rel), text);
    await at('03/unknown-key.md', '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-01-03T10:00:00+03:00\nsection: politics\nauthr: someone\n---\nنص\n');
    await at('05/bad-date.md', '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-13-45\nsection: politics\n---\nنص\n');
    await at('07/bad-section.md', '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-01-07T10:00:00+03:00\nsection: politic\n---\nنص\n');
    await at('09/yaml.md', '---\ntitle: [غير مغلق\nsummary: ملخص\n---\nنص\n');
    await at('11/cp1256.md', Buffer.concat([Buffer.from('---\ntitle: '), Buffer.from([0xc7, 0xe1, 0xc3]), Buffer.from('\n---\n')]));
  }
  return root;
}

interface Built { ok: boolean; errors: string[]; files: Map<string, string>; rendered: number; renderThreads: number; outExists: boolean; written: number; unchanged: number }

async function buildWith(root: string, threads: number, clean = true): Promise<Built> {
  const before = process.env.MIDAD_THREADS;
  process.env.MIDAD_THREADS = String(threads);
  try {
    const out = path.join(root, `public-${threads}`);
    const r = await build({ root, out, drafts: false, future: false, clean, write: true, now: new Date(NOW) });
    return {
      ok: r.ok, errors: r.diagnostics.map((d) => formatDiagnostic(d)), files: r.ok ? await hashTree(out) : new Map(), rendered: r.stats.rendered, renderThreads: r.stats.renderThreads,
      outExists: existsSync(out), written: r.stats.files?.written ?? 0, unchanged: r.stats.files?.unchanged ?? 0,
    };
  } finally {
    if (before === undefined) delete process.env.MIDAD_THREADS;
    else process.env.MIDAD_THREADS = before;
  }
}

describe('parsing on threads (a large site) and in the main thread give the same build', () => {
  test('a sound site: the same files, byte for byte', async () => {
    const root = await bigSite(false);
    const threaded = await buildWith(root, THREADS);
    const inline = await buildWith(root, 1);
    assert.ok(threaded.ok && inline.ok);
    assert.ok(threaded.files.size > THREADED_PARSE_MIN, `${threaded.files.size} files`);
    assert.ok(threaded.rendered > RENDER_THREADS_AFTER + 50, `${threaded.rendered} pages rendered: enough for the render threads to start`);
    assert.equal(threaded.rendered, inline.rendered);
    assert.ok(threaded.renderThreads > 0, 'the threaded build rendered on threads');
    assert.equal(inline.renderThreads, 0);
    const pages = (m: Map<string, string>): Map<string, string> => new Map([...m].filter(([f]) => !f.startsWith('.midad')));
    assert.deepEqual(pages(threaded.files), pages(inline.files));
  });

  test('a site with broken files: the same errors at the same places, every one of them', async () => {
    const root = await bigSite(true);
    const threaded = await buildWith(root, THREADS);
    const inline = await buildWith(root, 1);
    assert.equal(threaded.ok, false);
    assert.deepEqual(threaded.errors, inline.errors);
    for (const file of ['unknown-key.md', 'bad-date.md', 'bad-section.md', 'yaml.md', 'cp1256.md']) {
      assert.ok(threaded.errors.some((e) => new RegExp(`${file.replace('.', '\\.')}:\\d+:\\d+: error: `).test(e)), `${file}: ${threaded.errors.join('\n')}`);
    }
    assert.ok(threaded.errors.some((e) => /bad-section\.md:5:10: error: .*politics/.test(e)), threaded.errors.join('\n'));
  });

  test('a template that fails on some pages: one error, the same either way, and nothing written', async () => {
    const root = await bigSite('template');
    const threaded = await buildWith(root, THREADS);
    const inline = await buildWith(root, 1);
    assert.equal(threaded.ok, false);
    assert.deepEqual(threaded.errors, inline.errors);
    assert.equal(threaded.errors.length, 1, threaded.errors.join('\n'));
    assert.match(threaded.errors[0]!, /^templates\/article\.njk:\d+:\d+: error: template: .*nosuchfilter/);
    assert.equal(threaded.outExists, false, 'a failed build writes nothing: no page, no temporary file, no folder');
  });

  test('a template change that changes no page: every page rendered again on the threads, none rewritten', async () => {
    const root = await bigSite(false);
    const first = await buildWith(root, THREADS, false);
    const base = path.join(ROOT, 'templates', 'base.njk');
    await mkdir(path.join(root, 'templates'), { recursive: true });
    await writeFile(path.join(root, 'templates', 'base.njk'), `{# a comment: the template changed, its output did not #}${await readFile(base, 'utf8')}`);
    const again = await buildWith(root, THREADS, false);
    assert.ok(again.rendered > RENDER_THREADS_AFTER + 50, `${again.rendered} pages rendered`);
    assert.ok(again.renderThreads > 0, 'on threads');
    assert.equal(again.written, 0, 'no file is rewritten');
    assert.ok(again.unchanged > again.rendered, `${again.unchanged} files unchanged`);
    const pages = (m: Map<string, string>): Map<string, string> => new Map([...m].filter(([f]) => !f.startsWith('.midad')));
    assert.deepEqual(pages(again.files), pages(first.files));
  });

  test('a page that cannot be written fails the build, and the output stays exactly as it was', async () => {
    const root = await bigSite(false);
    await buildWith(root, THREADS, false);
    const out = path.join(root, `public-${THREADS}`);
    const before = await hashTree(out);
    // Every page changes (a template edit), and pages stop being staged after the 150th
    // (a fault injected in each thread's writes, src/faults.ts), well after the threads start.
    const base = await readFile(path.join(ROOT, 'templates', 'base.njk'), 'utf8');
    await mkdir(path.join(root, 'templates'), { recursive: true });
    await writeFile(path.join(root, 'templates', 'base.njk'), base.replace('</body>', '<!-- v2 --></body>'));
    process.env.MIDAD_THREADS = String(THREADS);
    process.env.MIDAD_TEST_FAIL_WRITE = 'EISDIR:150';
    try {
      await assert.rejects(build({ root, out, drafts: false, future: false, clean: false, write: true, now: new Date(NOW) }), /EISDIR|illegal operation on a directory/);
    } finally {
      delete process.env.MIDAD_THREADS;
      delete process.env.MIDAD_TEST_FAIL_WRITE;
    }
    assert.deepEqual(await hashTree(out), before, 'no page replaced, no temporary file left behind');
    assert.ok(!existsSync(`${path.dirname(out)}/.${path.basename(out)}.midad-staging`), 'nothing staged is left beside it');
  });
});
