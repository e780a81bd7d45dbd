// A small newsroom site as a text block, shared by the newsroom tests.

export const SITE_YML = `
-- content/site.yml --
title: الفاصل
description: موقع إخباري
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
authors:
  - slug: layla
    name: ليلى حسن
    bio: مراسلة الشؤون الأمنية في بغداد
defaultAuthor: layla
`;

export function article(file: string, title: string, date: string, extra = '', body = 'نص الخبر.'): string {
  return `-- content/articles/${file}.md --
---
title: ${title}
summary: ملخص ${title}
date: ${date}
section: security
${extra}---

${body}
`;
}
