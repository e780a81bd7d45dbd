// JSON-LD (schema.org) for pages: NewsArticle and BreadcrumbList on articles,
// WebSite on the home page, BreadcrumbList on listings; serialised so that no text, however
// hostile, can end the <script> element it is embedded in.

import type { Site } from '../model.js';
import { absoluteUrl } from './urls.js';
import type { ArticleView } from './views.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/**
 * JSON for a `<script type="application/ld+json">` body. `<`, `>` and `&` become \u escapes (no
 * `</script>` or `<!--` can form), as do U+2028/U+2029 (line terminators in older JavaScript).
 * Characters JSON.stringify leaves raw are otherwise valid JSON, so parsers read the same data.
 */
export function jsonLdScript(data: Json): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A breadcrumb step: name and absolute URL. */
export interface Crumb {
  name: string;
  url: string;
}

export function breadcrumbList(crumbs: Crumb[]): Json {
  return {
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: c.url })),
  };
}

/** The site as a news organisation; `logo` is an absolute URL. */
export function publisher(site: Site, logo?: string): Json {
  const sameAs = (site.social ?? []).filter((l) => /^https?:/i.test(l.url)).map((l) => l.url);
  return {
    '@type': 'NewsMediaOrganization',
    '@id': `${site.baseUrl}#publisher`,
    name: site.title,
    url: site.baseUrl,
    ...(logo ? { logo: { '@type': 'ImageObject', url: logo } } : {}),
    // The newsroom's own accounts tell search engines which profiles are its (a mail address is not one).
    ...(sameAs.length ? { sameAs } : {}),
  };
}

export interface ArticleLd {
  article: ArticleView;
  /** Author names with their absolute page URLs. */
  authors: Crumb[];
  logo?: string;
}

/** NewsArticle + BreadcrumbList (home → section → article) as one @graph. */
export function articleJsonLd(site: Site, { article: a, authors, logo }: ArticleLd): string {
  // An article without a photo shows the site's logo (a NewsArticle has an image;
  // search engines want one): better than none, and the same a share card falls back to.
  const images = a.image?.social?.map((s) => s.url) ?? (logo ? [logo] : []);
  return jsonLdScript({
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'NewsArticle',
        '@id': `${a.absoluteUrl}#article`,
        mainEntityOfPage: { '@type': 'WebPage', '@id': a.absoluteUrl },
        url: a.absoluteUrl,
        headline: a.title,
        description: a.summary,
        inLanguage: site.language,
        datePublished: a.date.iso,
        dateModified: a.modifiedIso,
        // Corrections as schema.org asks for them: what was corrected, and when.
        ...(a.corrections.length ? { correction: a.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.body, datePublished: c.iso })) } : {}),
        // An article without a byline is the newsroom's own.
        author: authors.length
          ? authors.map((au) => ({ '@type': 'Person', name: au.name, url: au.url }))
          : [{ '@type': 'Organization', name: site.title, url: site.baseUrl }],
        publisher: publisher(site, logo),
        ...(images.length ? { image: images } : {}),
        articleSection: a.section.name,
        ...(a.tags.length ? { keywords: a.tags.map((t) => t.name) } : {}),
        isAccessibleForFree: true,
      },
      breadcrumbList([
        { name: site.title, url: absoluteUrl(site, '/') },
        { name: a.section.name, url: absoluteUrl(site, `/${a.section.slug}/`) },
        { name: a.title, url: a.absoluteUrl },
      ]),
    ],
  });
}

/** The home page: WebSite with its search (the sitelinks search box) and publisher. */
export function homeJsonLd(site: Site, logo?: string): string {
  return jsonLdScript({
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'WebSite',
        '@id': `${site.baseUrl}#website`,
        url: site.baseUrl,
        name: site.title,
        description: site.description,
        inLanguage: site.language,
        publisher: { '@id': `${site.baseUrl}#publisher` },
        potentialAction: {
          '@type': 'SearchAction',
          target: { '@type': 'EntryPoint', urlTemplate: `${absoluteUrl(site, '/search/')}?q={search_term_string}` },
          'query-input': 'required name=search_term_string',
        },
      },
      publisher(site, logo),
    ],
  });
}

/** A listing page: where it stands below the home page. */
export function listingJsonLd(crumbs: Crumb[]): string {
  return jsonLdScript({ '@context': 'https://schema.org', ...(breadcrumbList(crumbs) as Record<string, Json>) });
}
