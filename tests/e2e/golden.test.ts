// Golden HTML: a small site, written as one text block, is built with the clock pinned and
// three of its pages (the home page, an article, a section page) are compared byte for byte
// with tests/fixtures/sites/golden/expected/. MIDAD_UPDATE_GOLDEN=1 rewrites them.

import path from 'node:path';
import { describe, test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';
import { buildSite, makeSite, tempDir } from '../helpers/site.js';

const SITE = `
-- content/site.yml --
title: الفاصل
description: موقع إخباري صغير لصفحات مرجعية.
baseUrl: https://example.org/
language: ar
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
  - slug: economy
    name: اقتصاد
authors:
  - slug: layla-hassan
    name: ليلى حسن
defaultAuthor: layla-hassan
-- content/articles/border-drones.md --
---
title: رصد طائرات مسيرة قرب الحدود الغربية
summary: أعلنت قيادة العمليات المشتركة رصد طائرات مسيرة صغيرة قرب الحدود.
date: 2026-02-10T14:00:00+03:00
section: security
tags: [الحدود, طائرات مسيرة]
---

قالت قيادة العمليات المشتركة إن وحدات الدفاع الجوي رصدت **طائرات مسيرة** صغيرة.

## ما الذي رُصد

- ثلاث طائرات في الأسبوع الماضي
- لم تُسجَّل إصابات

> «الرصد مستمر على مدار الساعة»، قال المتحدث.
-- content/articles/payments.md --
---
title: نمو المدفوعات الإلكترونية
summary: ارتفع عدد المدفوعات الإلكترونية في المصارف الحكومية.
date: 2026-02-20T09:30:00+03:00
section: economy
tags: [المصارف]
---

ارتفع عدد المدفوعات الإلكترونية بحسب [تقرير البنك](https://example.com/report).
`;

/** The clock the pages are built with: the articles are past, and recent enough for the news sitemap. */
const NOW = '2026-02-21T12:00:00Z';
const PAGES = ['index.html', 'articles/2026/02/10/border-drones/index.html', 'security/index.html'];

describe('golden HTML of a small site', () => {
  test('the home page, an article and a section page are byte for byte as recorded', async () => {
    const root = await makeSite(SITE);
    const out = path.join(await tempDir('midad-golden-'), 'public');
    await buildSite(root, ['--out', out], { now: NOW });
    for (const rel of PAGES) await assertGolden('golden', out, rel);
  });
});
