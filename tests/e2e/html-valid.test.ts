// Every page of the project's own sample site (content/ in the project root), and of the
// newsroom test site, passes the W3C Nu Html Checker (npm vnu-jar) with zero errors.
// One JVM run checks all pages; each page is then its own subtest, so a failure names it.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { buildSite, copyFixtureSite, htmlPages, ROOT, tempDir } from '../helpers/site.js';

const VNU = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

interface VnuMessage {
  type: string;
  url?: string;
  lastLine?: number;
  lastColumn?: number;
  message: string;
  extract?: string;
}

/** Runs vnu on the files; returns its error messages grouped by absolute file path. */
function vnu(files: string[]): Promise<Map<string, VnuMessage[]>> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (err, _stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(new Error(`could not run java -jar vnu.jar (is Java installed?): ${err.message}`));
      let report: { messages: VnuMessage[] };
      try {
        report = JSON.parse(stderr) as { messages: VnuMessage[] };
      } catch {
        return reject(new Error(`vnu did not print JSON:\n${stderr.slice(0, 2000)}`));
      }
      const byFile = new Map<string, VnuMessage[]>();
      for (const m of report.messages) {
        if (m.type !== 'error' && m.type !== 'non-document-error') continue;
        // vnu names files as file:/abs/path (percent-encoded where needed).
        const key = m.url ? fileURLToPath(m.url.replace(/^file:\/(?!\/)/, 'file:///')) : '(no file)';
        byFile.set(key, [...(byFile.get(key) ?? []), m]);
      }
      resolve(byFile);
    });
  });
}

const sites: Array<{ name: string; out: string; pages: string[] }> = [];
let errors = new Map<string, VnuMessage[]>();
let hostileWarnings: string[] = [];

describe('W3C Nu Html Checker: zero errors on every page', () => {
  before(async () => {
    const sampleOut = await tempDir('midad-sample-');
    const newsroom = await copyFixtureSite('newsroom', {
      'content/articles/2026/01/24/partners/hero.jpg': { image: { width: 1600, height: 1000 } },
      'content/articles/2026/01/24/partners/body.jpg': { image: { width: 1200, height: 800 } },
      // A story in the breaking-news bar at the tests' clock, so the bar is checked too.
      'content/articles/2026/03/01/urgent.md': '---\ntitle: عاجل في وسط المدينة\nsummary: ملخص الخبر العاجل\ndate: 2026-03-01T10:00:00+03:00\nsection: security\nbreaking: true\nfeatured: true\n---\n\nنص.\n',
      // Hostile or pasted text: control characters, noncharacters and a lone surrogate in
      // front matter (YAML escapes) and raw in the body, which HTML forbids in a page.
      'content/articles/2026/01/23/hostile.md': `---
title: "عنوان\\a فيه\\x01 محارف تحكم"
summary: "ملخص\\v فيه \\uFFFE ما لا يُرى\\uD800."
date: 2026-01-23T09:00:00+03:00
section: security
tags: ["وسم\\x1F"]
---

نص\u0001 فيه\u007F محارف\u0085 تحكم\u000B ولا\uFDD0 محارف.
`,
    });
    const newsroomOut = path.join(newsroom, 'out');
    await buildSite(ROOT, ['--out', sampleOut]);
    const built = await buildSite(newsroom, ['--out', newsroomOut, '--drafts', '--future']);
    hostileWarnings = built.stderr.split('\n').filter((l) => l.includes('hostile.md') && l.includes(': warning: '));
    for (const [name, out] of [['sample site', sampleOut], ['newsroom', newsroomOut]] as const) {
      sites.push({ name, out, pages: await htmlPages(out) });
    }
    errors = await vnu(sites.flatMap((s) => s.pages.map((p) => path.join(s.out, p))));
  });

  test('the checker ran on every page and on nothing else', () => {
    const known = new Set(sites.flatMap((s) => s.pages.map((p) => path.join(s.out, p))));
    const stray = [...errors.entries()].filter(([file]) => !known.has(file)).map(([file, list]) => `${file}: ${list[0]!.message}`);
    assert.deepEqual(stray, [], 'messages not tied to a page');
    assert.ok(sites[0]!.pages.length >= 10, `the sample site has only ${sites[0]!.pages.length} pages`);
  });

  test('control characters are removed from pages, each field with a warning at its value', () => {
    const f = 'content/articles/2026/01/23/hostile.md';
    assert.deepEqual(hostileWarnings.map((l) => l.replace(/ the invisible control character (U\+[0-9A-F]+);.*/, ' $1')), [
      `${f}:2:8: warning: title contains U+0007`,
      `${f}:3:10: warning: summary contains U+000B`,
      `${f}:6:8: warning: tag contains U+001F`,
      `${f}:9:3: warning: the text contains U+0001`,
    ]);
  });

  test('every page', async (t) => {
    for (const s of sites) {
      for (const p of s.pages) {
        await t.test(`${s.name}: ${p}`, () => {
          const list = errors.get(path.join(s.out, p)) ?? [];
          assert.deepEqual(list.map((m) => `${m.lastLine ?? '?'}:${m.lastColumn ?? '?'}: ${m.message}`), []);
        });
      }
    }
  });
});
