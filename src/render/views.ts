// View models: the plain data templates see. Templates never compute URLs or format dates;
// they get them ready here, so a site's own templates stay simple.

import type { PlacedArticle, Author, ImageRef, Section, Site, Tag } from '../model.js';
import { isoInZone } from '../content/dates.js';
import { CARD_TIME_MS } from '../site/schedule.js';
import type { Formatter } from './format.js';
import { socialName } from './social.js';
import { absoluteUrl, siteUrl } from './urls.js';

/** One displayable rendition set of an image (from the image stage). */
export interface ImageView {
  src: string;
  srcset: string;
  width: number;
  height: number;
  alt: string;
  caption?: string;
  credit?: string;
  /** Fixed-aspect crop for listing cards. */
  card?: { src: string; srcset?: string; width: number; height: number };
  /** Absolute URLs of social images (Open Graph / JSON-LD), largest first. */
  social?: Array<{ url: string; width: number; height: number; type: string }>;
}

/** Looks up the processed renditions of an image reference. */
export type ImageLookup = (ref: ImageRef) => ImageView | undefined;

export interface LinkView {
  name: string;
  url: string;
  slug: string;
  /** In a list (an article's authors): the words after this one, in the site's language ("، ", " و", ", and "); "" after the last. */
  joiner?: string;
}

const joinerCache = new Map<string, string[]>();

/**
 * What stands between the items of a list of n, in `language`, from the locale's own rules
 * (Intl.ListFormat, CLDR): Arabic "أ وب وج", English "A, B, and C". A language the runtime has
 * no list rules for gets `fallback`'s, never the build machine's own locale (which would make
 * the pages depend on where they were built). Cached: every article asks.
 */
export function listJoiners(language: string, n: number, fallback: 'ar' | 'en' = 'ar'): string[] {
  const key = `${language}\0${n}\0${fallback}`;
  let out = joinerCache.get(key);
  if (!out) {
    const locale = Intl.ListFormat.supportedLocalesOf([language])[0] ?? fallback;
    const parts = new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(Array.from({ length: n }, (_, i) => `\u0000${i}`));
    out = Array.from({ length: n }, () => '');
    let item = -1;
    for (const part of parts) {
      if (part.type === 'element') item++;
      else if (item >= 0) out[item] += part.value;
    }
    joinerCache.set(key, out);
  }
  return out;
}

export interface ArticleView {
  title: string;
  summary: string;
  url: string;
  absoluteUrl: string;
  section: LinkView;
  authors: LinkView[];
  tags: LinkView[];
  /** `cardText`: the date, with the time of day for a story of the last 24 hours. */
  date: { iso: string; text: string; dateText: string; cardText: string };
  featured: boolean;
  updated?: { iso: string; text: string };
  /** The desk's corrections, newest first, each with its date as shown and as ISO 8601. */
  corrections: Array<{ iso: string; text: string; body: string }>;
  /** The last change readers can see: `updated` or the latest correction, else the date (ISO 8601). */
  modifiedIso: string;
  readingTime: string;
  image?: ImageView;
  draft: boolean;
  future: boolean;
}

export interface ViewContext {
  site: Site;
  fmt: Formatter;
  images: ImageLookup;
  now: Date;
}

/** An author as the author box and the author's page show them. */
export interface AuthorView {
  name: string;
  url: string;
  bio?: string;
  photo?: ImageView;
  links: Array<{ name: string; url: string }>;
}

export function authorView(ctx: ViewContext, a: Author): AuthorView {
  const photo = a.photo ? ctx.images(a.photo) : undefined;
  return {
    name: a.name,
    url: siteUrl(ctx.site, authorPath(a)),
    ...(a.bio ? { bio: a.bio } : {}),
    ...(photo ? { photo: { ...photo, alt: a.name } } : {}),
    links: (a.links ?? []).map((l) => ({ name: socialName(l.network, ctx.site.language), url: l.url })),
  };
}

export const sectionPath = (s: Section): string => `/${s.slug}/`;
export const tagPath = (t: Tag): string => `/tags/${t.key}/`;
export const authorPath = (a: Author): string => `/authors/${a.slug}/`;

export function sectionLink(site: Site, s: Section): LinkView {
  return { name: s.name, url: siteUrl(site, sectionPath(s)), slug: s.slug };
}

/** What article views are made of besides the article: its links, and texts many views repeat. */
export interface ViewParts {
  section(s: Section): LinkView;
  /** The `i`th of an article's `n` authors. */
  author(au: Author, i: number, n: number): LinkView;
  tag(t: Tag): LinkView;
  /** A text many views hold (a reading time): one copy may serve them all. */
  text(s: string): string;
}

/** Parts made afresh for each view (a ViewCache shares them between its views). */
export function freshParts(site: Site): ViewParts {
  return {
    section: (s) => sectionLink(site, s),
    author: (au, i, n) => ({ name: au.name, url: siteUrl(site, authorPath(au)), slug: au.slug, joiner: listJoiners(site.language, n, site.direction === 'ltr' ? 'en' : 'ar')[i]! }),
    tag: (t) => ({ name: t.name, url: siteUrl(site, tagPath(t)), slug: t.key }),
    text: (s) => s,
  };
}

/** Shared by every view without corrections (templates only read views). */
const NO_CORRECTIONS: ArticleView['corrections'] = [];

export function articleView(ctx: ViewContext, a: PlacedArticle, parts: ViewParts = freshParts(ctx.site)): ArticleView {
  const { site, fmt } = ctx;
  const image = a.image ? ctx.images(a.image) : undefined;
  // Each text made once: equal dates in a view are one string, not three copies.
  const iso = isoInZone(a.date, site.timezone);
  const day = fmt.date(a.date);
  const withTime = a.dateHasTime ? fmt.dateTime(a.date) : day;
  const last = lastChange(a);
  return {
    title: a.title,
    summary: a.summary,
    url: siteUrl(site, a.permalink),
    absoluteUrl: absoluteUrl(site, a.permalink),
    section: parts.section(a.section),
    authors: a.authors.map((au, i, all) => parts.author(au, i, all.length)),
    tags: a.tags.map((t) => parts.tag(t)),
    date: { iso, text: withTime, dateText: day, cardText: a.dateHasTime && isRecent(a, ctx.now) ? withTime : day },
    ...(a.updated && a.updated.getTime() !== a.date.getTime()
      ? { updated: { iso: isoInZone(a.updated, site.timezone), text: fmt.dateTime(a.updated) } }
      : {}),
    corrections: a.corrections?.length
      ? a.corrections.map((c) => ({ iso: isoInZone(c.date, site.timezone), text: c.dateHasTime ? fmt.dateTime(c.date) : fmt.date(c.date), body: c.text }))
      : NO_CORRECTIONS,
    modifiedIso: last === a.date ? iso : isoInZone(last, site.timezone),
    readingTime: parts.text(fmt.readingTime(a.wordCount)),
    ...(image ? { image } : {}),
    draft: a.draft,
    featured: a.featured === true,
    future: a.date.getTime() > ctx.now.getTime(),
  };
}

/** The article's last visible change: the latest of its date, `updated` and its corrections. */
export function lastChange(a: Pick<PlacedArticle, 'date' | 'updated' | 'corrections'>): Date {
  let last = a.updated && a.updated > a.date ? a.updated : a.date;
  for (const c of a.corrections ?? []) if (c.date > last) last = c.date;
  return last;
}

/** A story of the last 24 hours at the build's clock: its card tells the time of day, not only the date. */
export function isRecent(a: PlacedArticle, now: Date): boolean {
  const age = now.getTime() - a.date.getTime();
  return age >= 0 && age < CARD_TIME_MS;
}
