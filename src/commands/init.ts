// `midad init [DIR]`: a new site that builds and publishes at once: content/site.yml with
// every key explained (in Arabic and English), one article, the site's own package.json that
// depends on midad, a .gitignore, and the publish and pull-request workflows midad ships.
// It never overwrites a file: each one already there is named and left as it is.

import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isoInZone, zonedParts } from '../content/dates.js';
import { t, type Lang } from '../messages/index.js';
import { VERSION } from '../version.js';
import { editorSiteYmlBlock } from '../editor/site-yml.js';

export interface InitOptions {
  /** Absolute folder of the new site (made when missing). */
  dir: string;
  /** How the folder was written on the command line, for the next steps. */
  shown: string;
  now: Date;
  lang: Lang;
  quiet?: boolean;
}

/** midad's own folder (dist/src/commands → the package root), where its workflows are. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WORKFLOWS = ['publish.yml', 'check.yml'];
const TIMEZONE = 'Asia/Baghdad';

/** Writes the site; returns the exit status (0, or 2 when DIR is a file). */
export async function initSite(opts: InitOptions): Promise<number> {
  const info = await stat(opts.dir).catch(() => undefined);
  if (info && !info.isDirectory()) {
    process.stderr.write(`midad: ${t(opts.lang, 'init-not-folder', { dir: opts.shown })}\n`);
    return 2;
  }
  // The first article names the sections and author of the site.yml written here: beside a
  // site.yml already there it could name a section that site does not have, and break its build.
  const siteYmlThere = await stat(path.join(opts.dir, 'content', 'site.yml')).then(() => true, () => false);
  if (siteYmlThere) process.stdout.write(`${t(opts.lang, 'init-no-article', { file: articlePath(opts.now) })}\n`);
  const files: Array<[string, string]> = [
    ['content/site.yml', SITE_YML],
    ...(siteYmlThere ? [] : [[articlePath(opts.now), welcomeArticle(opts.now)] as [string, string]]),
    ['package.json', packageJson(opts.dir)],
    ['.gitignore', GITIGNORE],
  ];
  for (const name of WORKFLOWS) {
    files.push([`.github/workflows/${name}`, await readFile(path.join(PACKAGE_ROOT, '.github', 'workflows', name), 'utf8')]);
  }
  for (const [rel, text] of files) {
    const abs = path.join(opts.dir, ...rel.split('/'));
    await mkdir(path.dirname(abs), { recursive: true });
    try {
      await writeFile(abs, text, { flag: 'wx' });
      if (!opts.quiet) process.stdout.write(`${t(opts.lang, 'init-wrote', { file: rel })}\n`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      process.stdout.write(`${t(opts.lang, 'init-skipped', { file: rel })}\n`);
    }
  }
  if (!opts.quiet) process.stdout.write(`${t(opts.lang, 'init-next', { dir: opts.shown })}\n`);
  return 0;
}

function articlePath(now: Date): string {
  const z = zonedParts(now, TIMEZONE);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `content/articles/${z.year}/${p2(z.month)}/${p2(z.day)}/welcome.md`;
}

function welcomeArticle(now: Date): string {
  return [
    '---',
    'title: "أهلًا بكم في موقعنا"',
    'summary: "أول خبر في الموقع: غيّره أو احذفه، واكتب أخبارك بالأمر npx midad new."',
    `date: ${isoInZone(now, TIMEZONE)}`,
    'section: news',
    'tags: [الموقع]',
    '---',
    '',
    'هذا أول خبر في الموقع. كل خبر ملف واحد في المجلد content/articles، يبدأ بالترويسة بين سطري',
    '"---" ثم نص الخبر.',
    '',
    '## كيف تكتب خبرًا',
    '',
    'اكتب `npx midad new عنوان-قصير` فيُنشأ ملف جديد مسودةً، ثم `npx midad dev` لترى الموقع وهو يتغير مع كل حفظ.',
    '',
  ].join('\n');
}

function packageJson(dir: string): string {
  const name = path.basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'news-site';
  const pkg = {
    name,
    private: true,
    description: 'A news site built with midad',
    scripts: { build: 'midad build', check: 'midad check', dev: 'midad dev', new: 'midad new' },
    dependencies: { midad: `^${VERSION}` },
    engines: { node: '>=20.9' },
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

const GITIGNORE = `node_modules/
# The built site and midad's cache: made by every build (the publish workflow keeps them in its cache).
public/
.midad-cache/
# What a build holds beside public/ while it runs (removed when it ends, or by the next build).
.*.midad-staging/
.*.midad-lock
`;

/** Every key of site.yml, each explained in Arabic and in English. */
const SITE_YML: string = `# إعدادات الموقع. كل سطر يبدأ بـ # تعليق لا يقرؤه مداد.
# The site's settings. A line starting with # is a comment midad does not read.

# اسم الموقع، يظهر في رأس كل صفحة وفي عنوان المتصفح (مطلوب).
# The site's name, at the top of every page and in the browser's title (required).
title: موقعي الإخباري

# وصف الموقع لمحركات البحث والصفحة الرئيسية (مطلوب).
# The site's description for search engines and the home page (required).
description: موقع إخباري يغطي الأخبار المحلية بدقة وحياد.

# عنوان الموقع على الإنترنت، كاملًا وينتهي بشرطة مائلة (مطلوب). يضعه سير النشر تلقائيًا على GitHub Pages.
# The site's address, absolute and ending in a slash (required). The publish workflow sets it on GitHub Pages.
baseUrl: https://example.org/

# لغة الموقع (ar للعربية) واتجاه الكتابة (rtl من اليمين إلى اليسار).
# The site's language (ar: Arabic) and writing direction (rtl: right to left).
language: ar
direction: rtl

# المنطقة الزمنية: التواريخ بلا فرق توقيت تُقرأ بها، وبها تُكتب تواريخ الروابط.
# The timezone: dates without an offset are read in it, and URL dates are written in it.
timezone: ${TIMEZONE}

# الأرقام في التواريخ والأعداد: latn للأرقام 0-9، أو arab للأرقام ٠-٩.
# Digits in dates and counts: latn for 0-9, or arab for ٠-٩.
digits: latn

# عدد الأخبار في كل صفحة من صفحات الأقسام والوسوم.
# Articles per page in section and tag listings.
pageSize: 20

# شكل رابط الخبر: {yyyy} السنة، {mm} الشهر، {dd} اليوم، {slug} اسم الخبر، {section} القسم.
# The article URL pattern: {yyyy} year, {mm} month, {dd} day, {slug} the article's slug, {section}.
permalink: /articles/{yyyy}/{mm}/{dd}/{slug}/

# جودة صور WebP من 1 إلى 100، وأكبر عدد من البكسلات تقبله صورة واحدة.
# WebP image quality from 1 to 100, and the most pixels one image may have.
imageQuality: 75
maxImagePixels: 50000000

# شعار الناشر في البيانات المنظمة لمحركات البحث (اختياري): احذف # وضع الصورة في content/.
# The publisher logo in structured data (optional): remove the # and put the image in content/.
# logo: content/logo.png

# الأقسام بترتيب القائمة (مطلوب، قسم واحد على الأقل). slug بحروف لاتينية صغيرة وأرقام وشرطات،
# وهو ما يُكتب في section: في الخبر؛ name الاسم الذي يراه القارئ.
# The sections, in menu order (required, at least one). slug is lower-case Latin letters, digits and
# hyphens, what an article writes after section:; name is what readers see.
sections:
  - slug: news
    name: أخبار
  - slug: economy
    name: اقتصاد

# الكتّاب: slug ما يُكتب في author: في الخبر، name الاسم الظاهر، bio نبذة قصيرة (اختيارية).
# The authors: slug is what an article writes after author:, name is shown, bio is a short line (optional).
authors:
  - slug: newsroom
    name: فريق التحرير
    bio: فريق تحرير الموقع

# الكاتب حين لا يذكر الخبر author:.
# The author of an article that names none.
defaultAuthor: newsroom

# روابط المشاركة في صفحة الخبر وترتيبها: whatsapp telegram x facebook email.
# The share links on article pages, in this order: whatsapp telegram x facebook email.
share: [whatsapp, telegram, x, facebook, email]

# حسابات الموقع، في ذيل كل صفحة (اختياري). احذف # من أول السطرين واكتب روابطكم.
# The site's accounts, in every page's footer (optional). Remove the # and write your links.
# social:
#   x: https://x.com/your-site

# محرر المقالات في المتصفح على /admin/ (اختياري؛ انظر docs/admin.ar.md).
` + editorSiteYmlBlock();
