// A deterministic Arabic news corpus for the benchmark: the same seed gives the same site,
// byte for byte, so runs on different days and machines compare.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'قال أعلن أكد أشار أوضح الوزير الحكومة البرلمان المجلس الأمن القوات الجيش الشرطة المدينة المحافظة العاصمة بغداد الموصل البصرة أربيل دمشق حلب ' +
  'الاقتصاد السوق النفط الغاز الكهرباء المياه الزراعة التعليم الصحة المستشفى المدرسة الجامعة الطلاب المواطنين السكان الأسر العائلات الشباب النساء ' +
  'الأطفال المنطقة الحدود الطريق المشروع الخطة البرنامج التقرير الدراسة البيانات الأرقام النسبة المئة الأولى الثانية الجديدة الماضي المقبل ' +
  'الأسبوع الشهر العام اليوم أمس غدا صباح مساء خلال بعد قبل منذ حتى عند على في من إلى عن مع بين حول ضد دون لدى نحو ' +
  'التحالف الشركاء التنظيم الإرهاب التطرف العمليات التدريب الدعم المساعدة التعاون الاستقرار السلام الأمان الحماية الرقابة التحقيق ' +
  'القانون القرار الاتفاق المفاوضات الانتخابات الأحزاب الكتل النواب اللجنة الهيئة المفوضية الوزارة الدائرة المديرية المسؤولين ' +
  'المصادر الشهود المراسل الصحيفة الموقع الوكالة البيان المؤتمر الاجتماع الزيارة الوفد الرئيس رئيس الوزراء المحافظ القائد الضابط ' +
  'الأسعار الرواتب الموازنة الاستثمار الشركات المصارف التجارة التصدير الاستيراد الإنتاج المصانع العمال البطالة الفقر التنمية ' +
  'الإعمار البناء المنازل المدارس الجسور الطرق الكهرباء الشبكة الإنترنت الهاتف التطبيق المنصة الأمن السيبراني الهجمات الاختراق ' +
  'كبيرة صغيرة واسعة مهمة رئيسية أساسية جديدة قديمة عديدة مختلفة متزايدة واضحة مباشرة رسمية محلية دولية إقليمية عربية'
).split(' ');

const TAGS = Array.from({ length: 240 }, (_, i) => `${WORDS[(i * 7) % WORDS.length]} ${WORDS[(i * 13 + 5) % WORDS.length]}`.slice(0, 30));
const SECTIONS = [
  ['security', 'أمن'], ['politics', 'سياسة'], ['economy', 'اقتصاد'], ['society', 'مجتمع'], ['world', 'العالم'], ['culture', 'ثقافة'],
];
const AUTHORS = Array.from({ length: 24 }, (_, i) => [`author-${i + 1}`, `كاتب ${WORDS[(i * 11) % WORDS.length]} ${i + 1}`]);

export interface CorpusOptions {
  articles: number;
  /** One article in `imageEvery` gets a hero image (0: none). */
  imageEvery: number;
  seed: number;
}

function sentence(r: () => number, min: number, max: number): string {
  const n = min + Math.floor(r() * (max - min + 1));
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    words.push(WORDS[Math.floor(r() * WORDS.length)]!);
    if (r() < 0.03) words.push(String(Math.floor(r() * 2000)));
  }
  return words.join(' ');
}

export function articleText(r: () => number, i: number, start: Date, spanDays: number, image: string | undefined): { rel: string; text: string } {
  const date = new Date(start.getTime() + Math.floor(r() * spanDays * 86_400_000));
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  const slug = `article-${i}`;
  const section = SECTIONS[Math.floor(r() * SECTIONS.length)]![0]!;
  const author = AUTHORS[Math.floor(r() * AUTHORS.length)]![0]!;
  const tags = new Set<string>();
  const nTags = 1 + Math.floor(r() * 4);
  while (tags.size < nTags) tags.add(TAGS[Math.floor(r() * TAGS.length)]!);
  const target = 500 + Math.floor(r() * 400);
  const body: string[] = [];
  let words = 0;
  let para = 0;
  while (words < target) {
    if (para > 0 && para % 4 === 0) body.push(`## ${sentence(r, 3, 6)}`);
    const sentences = 2 + Math.floor(r() * 3);
    const p: string[] = [];
    for (let s = 0; s < sentences; s++) {
      const text = sentence(r, 8, 20);
      words += text.split(' ').length;
      p.push(`${text}.`);
    }
    body.push(p.join(' '));
    para++;
  }
  const fm = [
    '---',
    `title: ${JSON.stringify(sentence(r, 5, 10))}`,
    `summary: ${JSON.stringify(sentence(r, 14, 24) + '.')}`,
    `date: ${y}-${m}-${d}T${String(6 + Math.floor(r() * 14)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00+03:00`,
    `section: ${section}`,
    `author: ${author}`,
    `tags: [${[...tags].map((t) => JSON.stringify(t)).join(', ')}]`,
    ...(image ? ['image:', `  src: ${image}`, `  alt: ${JSON.stringify(sentence(r, 4, 8))}`, `  caption: ${JSON.stringify(sentence(r, 8, 14) + '.')}`, '  credit: وكالة الأنباء'] : []),
    '---',
    '',
  ];
  return { rel: `content/articles/${y}/${m}/${d}/${slug}${image ? '/index' : ''}.md`, text: fm.join('\n') + body.join('\n\n') + '\n' };
}

/** Writes a site of `articles` articles into `root`; returns the hero image paths to create. */
export async function writeCorpus(root: string, opts: CorpusOptions): Promise<{ images: string[] }> {
  const r = rng(opts.seed);
  await mkdir(path.join(root, 'content'), { recursive: true });
  const site = [
    'title: الفاصل',
    'description: موقع إخباري تجريبي لقياس سرعة مداد.',
    'baseUrl: https://example.org/',
    'language: ar',
    'timezone: Asia/Baghdad',
    'pageSize: 20',
    'sections:',
    ...SECTIONS.flatMap(([slug, name]) => [`  - slug: ${slug}`, `    name: ${name}`]),
    'authors:',
    ...AUTHORS.flatMap(([slug, name]) => [`  - slug: ${slug}`, `    name: ${name}`]),
    'defaultAuthor: author-1',
    '',
  ].join('\n');
  await writeFile(path.join(root, 'content', 'site.yml'), site);
  const start = new Date(Date.UTC(2021, 0, 1));
  const images: string[] = [];
  const dirs = new Set<string>();
  const files: Array<{ file: string; text: string }> = [];
  for (let i = 1; i <= opts.articles; i++) {
    const withImage = opts.imageEvery > 0 && i % opts.imageEvery === 0;
    const a = articleText(r, i, start, 5 * 365, withImage ? 'hero.jpg' : undefined);
    const file = path.join(root, a.rel);
    dirs.add(path.dirname(file));
    files.push({ file, text: a.text });
    if (withImage) images.push(path.join(path.dirname(file), 'hero.jpg'));
  }
  for (const d of dirs) await mkdir(d, { recursive: true });
  const queue = [...files];
  await Promise.all(Array.from({ length: 32 }, async () => {
    for (let f = queue.pop(); f; f = queue.pop()) await writeFile(f.file, f.text);
  }));
  return { images };
}
