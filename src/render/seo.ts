// Per-page SEO data for templates/partials/seo.njk: Open Graph, Twitter card and
// JSON-LD. The canonical link, meta description and rel prev/next are in base.njk already.

import type { PageData, PageSpec, PlacedArticle, Site } from '../model.js';
import { articleJsonLd, homeJsonLd, listingJsonLd } from './json-ld.js';
import { absoluteUrl } from './urls.js';
import { authorPath, type ArticleView } from './views.js';

/** One `<meta>`: `attr` is `property` (Open Graph) or `name` (Twitter). */
export interface MetaTag {
  attr: 'property' | 'name';
  key: string;
  content: string;
}

/** What seo.njk renders. `jsonLd` is already escaped for a <script> element. */
export interface PageSeo {
  meta: MetaTag[];
  links: Array<{ rel: string; type: string; href: string; title: string }>;
  jsonLd?: string;
}

export interface SeoContext {
  site: Site;
  /** Absolute URL of the published logo, if the site has one. */
  logo?: string;
}

/** Facebook's locales want a region; these are the usual ones for languages given without one. */
const DEFAULT_REGION: Record<string, string> = {
  ar: 'AR', en: 'US', fr: 'FR', de: 'DE', es: 'ES', fa: 'IR', ur: 'PK', he: 'IL', tr: 'TR', ku: 'TR', ckb: 'IQ', ps: 'AF', pt: 'PT', it: 'IT', ru: 'RU', zh: 'CN',
};

/** BCP 47 → Open Graph locale: `ar` → `ar_AR`, `ar-IQ` → `ar_IQ`. */
export function ogLocale(language: string): string {
  const parts = language.split('-');
  const lang = parts[0]!.toLowerCase();
  const region = parts.slice(1).find((p) => /^[a-z]{2}$/i.test(p))?.toUpperCase() ?? DEFAULT_REGION[lang] ?? lang.toUpperCase();
  return `${lang}_${region}`;
}

/** The SEO data of one page. */
export function pageSeo(ctx: SeoContext, spec: PageSpec, data: PageData): PageSeo {
  const { site } = ctx;
  const { page } = data;
  const og = (key: string, content: string | undefined): MetaTag[] => (content ? [{ attr: 'property', key, content }] : []);
  const tw = (key: string, content: string | undefined): MetaTag[] => (content ? [{ attr: 'name', key, content }] : []);
  const title = page.kind === 'home' ? site.title : page.title;
  const common = [
    ...og('og:site_name', site.title),
    ...og('og:locale', ogLocale(site.language)),
    ...og('og:title', title),
    ...og('og:description', page.description),
    ...og('og:url', page.canonical),
  ];
  const links: PageSeo['links'] = [];
  const feed = 'feed' in data ? data.feed : undefined;
  if (feed !== undefined) links.push({ rel: 'alternate', type: 'application/atom+xml', href: feed, title: `${page.title} – ${site.title}` });

  const view = 'article' in data ? data.article : undefined;
  if (page.kind === 'article' && view && spec.article) {
    return {
      meta: [...og('og:type', 'article'), ...common, ...articleMeta(site, view, spec.article, ctx.logo)],
      links,
      jsonLd: articleJsonLd(site, { article: view, authors: authorLinks(site, spec.article), ...(ctx.logo ? { logo: ctx.logo } : {}) }),
    };
  }

  const meta = [
    ...og('og:type', 'website'),
    ...common,
    ...og('og:image', ctx.logo),
    ...tw('twitter:card', 'summary'),
    ...tw('twitter:title', title),
    ...tw('twitter:description', page.description),
  ];
  if (page.kind === 'home') return { meta, links, jsonLd: homeJsonLd(site, ctx.logo) };
  if (page.kind === 'section' || page.kind === 'tag' || page.kind === 'author') {
    return { meta, links, jsonLd: listingJsonLd([{ name: site.title, url: absoluteUrl(site, '/') }, { name: page.title, url: page.canonical }]) };
  }
  return { meta, links };
}

function articleMeta(site: Site, a: ArticleView, article: PlacedArticle, logo: string | undefined): MetaTag[] {
  const out: MetaTag[] = [];
  const add = (attr: MetaTag['attr'], key: string, content: string | number | undefined): void => {
    if (content !== undefined && content !== '') out.push({ attr, key, content: String(content) });
  };
  const social = a.image?.social?.[0];
  if (social) {
    add('property', 'og:image', social.url);
    add('property', 'og:image:type', social.type);
    add('property', 'og:image:width', social.width);
    add('property', 'og:image:height', social.height);
    add('property', 'og:image:alt', a.image?.alt);
  } else add('property', 'og:image', logo);
  add('property', 'article:published_time', a.date.iso);
  add('property', 'article:modified_time', a.modifiedIso);
  add('property', 'article:section', a.section.name);
  for (const au of authorLinks(site, article)) add('property', 'article:author', au.url);
  for (const t of a.tags) add('property', 'article:tag', t.name);
  add('name', 'twitter:card', social ? 'summary_large_image' : 'summary');
  add('name', 'twitter:title', a.title);
  add('name', 'twitter:description', a.summary);
  if (social) {
    add('name', 'twitter:image', social.url);
    add('name', 'twitter:image:alt', a.image?.alt);
  }
  return out;
}

function authorLinks(site: Site, a: PlacedArticle): Array<{ name: string; url: string }> {
  return a.authors.map((au) => ({ name: au.name, url: absoluteUrl(site, authorPath(au)) }));
}
