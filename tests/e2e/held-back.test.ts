// Nothing is held back without a word: `build` and `check` list the drafts and the scheduled
// articles (file, and when each is due in the site's timezone), in Arabic and English; and
// `check --drafts --future` checks them as if they were published.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeSite, runCli } from '../helpers/site.js';

const NOW = '2026-03-01T12:00:00Z';
const art = (title: string, date: string, extra = ''): string =>
  `---\ntitle: ${title}\nsummary: ملخص\ndate: ${date}\nsection: security\n${extra}---\n\nنص.\n`;

const SITE = {
  'content/site.yml': `title: الفاصل
description: موقع للاختبار
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
`,
  'content/articles/published.md': art('منشور', '2026-02-20'),
  'content/articles/draft-one.md': art('مسودة', '2026-02-21', 'draft: true\n'),
  // A draft whose photo is missing: `check` alone does not publish it, `check --drafts` finds it.
  'content/articles/draft-two.md': art('مسودة ثانية', '2026-02-22', 'draft: true\nimage:\n  src: missing.jpg\n  alt: صورة\n'),
  'content/articles/later.md': art('لاحقًا', '2026-03-05T08:30:00'),
  'content/articles/soon.md': art('قريبًا', '2026-03-02T09:00:00+03:00'),
};

describe('held back: drafts and scheduled articles are listed', () => {
  test('check lists them, in English, soonest first with the due time in the site\'s timezone', async () => {
    const root = await makeSite(SITE);
    const r = await runCli(['check', '--root', root, '--lang', 'en'], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^midad check: 1 article, /);
    assert.deepEqual(lines.slice(1, 5), [
      '  held back: 2 drafts (draft: true); --drafts shows them',
      '  held back: 2 scheduled articles, published when due (--future shows them now):',
      '    content/articles/soon.md: due 2026-03-02 09:00 (+03:00 Asia/Baghdad)',
      '    content/articles/later.md: due 2026-03-05 08:30 (+03:00 Asia/Baghdad)',
    ]);
  });

  test('build lists them too, in Arabic', async () => {
    const root = await makeSite(SITE);
    const r = await runCli(['build', '--root', root, '--lang', 'ar'], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /لم يُنشر: مسودتان \(draft: true\)/);
    assert.match(r.stdout, /لم يُنشر: مقالتان مجدولتان/);
    assert.match(r.stdout, /content\/articles\/soon\.md: موعد النشر 2026-03-02 09:00 \(\+03:00 Asia\/Baghdad\)/);
  });

  test('check --drafts --future is accepted and checks them: the draft\'s missing photo is an error', async () => {
    const root = await makeSite(SITE);
    const r = await runCli(['check', '--root', root, '--drafts', '--future', '--lang', 'en'], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^content\/articles\/draft-two\.md:8:8: error: image "missing\.jpg" not found/m);
  });

  test('check --drafts --future on a sound site says what it included', async () => {
    const files: Record<string, string> = { ...SITE };
    files['content/articles/draft-two.md'] = art('مسودة ثانية', '2026-02-22', 'draft: true\n');
    const root = await makeSite(files);
    const r = await runCli(['check', '--root', root, '--drafts', '--future', '--lang', 'en'], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^midad check: 5 articles, /);
    assert.match(r.stdout, /included: 2 drafts \(--drafts\)/);
    assert.match(r.stdout, /included: 2 scheduled articles \(--future\)/);
  });
});
