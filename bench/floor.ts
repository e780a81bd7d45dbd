// The floor: a bare Node loop over the same stack (read, gray-matter, markdown-it, one
// Nunjucks template, write), article pages only. What midad is measured against.
// Usage: node dist/bench/floor.js ROOT OUT

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import MarkdownIt from 'markdown-it';
import nunjucks from 'nunjucks';

const [root, out] = process.argv.slice(2) as [string, string];
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
const env = new nunjucks.Environment(null, { autoescape: true });
const template = nunjucks.compile(`<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} | الفاصل</title><meta name="description" content="{{ summary }}"><link rel="canonical" href="{{ url }}">
<link rel="stylesheet" href="/assets/style.css"></head>
<body><header><p><a href="/">الفاصل</a></p><nav><ul>{% for s in sections %}<li><a href="/{{ s }}/">{{ s }}</a></li>{% endfor %}</ul></nav></header>
<main><article><p class="kicker"><a href="/{{ section }}/">{{ section }}</a></p><h1>{{ title }}</h1><p class="standfirst">{{ summary }}</p>
<p class="byline"><a href="/authors/{{ author }}/">{{ author }}</a> | <time datetime="{{ date }}">{{ date }}</time></p>
<div class="body">{{ body | safe }}</div>
<ul class="tags">{% for t in tags %}<li><a href="/tags/{{ t }}/">{{ t }}</a></li>{% endfor %}</ul></article></main>
<footer><p>الفاصل</p></footer></body></html>`, env);

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.md')) yield p;
  }
}

const sections = ['security', 'politics', 'economy', 'society', 'world', 'culture'];
let n = 0;
for (const file of walk(path.join(root, 'content', 'articles'))) {
  const { data, content } = matter(readFileSync(file, 'utf8'));
  const date = data.date instanceof Date ? data.date.toISOString() : String(data.date);
  const slug = path.basename(file) === 'index.md' ? path.basename(path.dirname(file)) : path.basename(file, '.md');
  const rel = path.join('articles', date.slice(0, 4), date.slice(5, 7), date.slice(8, 10), slug, 'index.html');
  const html = template.render({ ...data, date, url: `https://example.org/${rel}`, sections, body: md.render(content) });
  const target = path.join(out, rel);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, html);
  n++;
}
process.stdout.write(`floor: ${n} pages\n`);
