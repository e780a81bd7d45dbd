// The typed data passed between build stages:
// SourceFile → ParsedArticle → PlacedArticle (in a SiteModel) → PageSpec → OutputFile.

import type { ShareLink } from './render/share.js';
import type { ArticleView, AuthorView, LinkView } from './render/views.js';

/** A section from site.yml; `slug` is [a-z0-9-]+. */
export interface Section {
  slug: string;
  name: string;
}

/** An author from site.yml. */
export interface Author {
  slug: string;
  name: string;
  bio?: string;
  /** A portrait, through the image pipeline like any other image (`alt` is the name). */
  photo?: ImageRef;
  /** The author's own accounts and address, in site.yml's order. */
  links?: SiteLink[];
}

/** A named link from site.yml (`social`, an author's `links`): http(s) or mailto. */
export interface SiteLink {
  /** The key as written (`x`, `facebook`, `email`…). */
  network: string;
  url: string;
}

/** content/site.yml, validated, with defaults applied. */
export interface Site {
  /** Absolute path of the site root. */
  root: string;
  title: string;
  description: string;
  /** Absolute, ends with `/`. */
  baseUrl: string;
  /** BCP 47 tag, e.g. `ar`. */
  language: string;
  direction: 'rtl' | 'ltr';
  /** IANA timezone. */
  timezone: string;
  digits: 'latn' | 'arab';
  pageSize: number;
  /** Pattern with {yyyy} {mm} {dd} {slug} {section}; starts and ends with `/`. */
  permalink: string;
  sections: Section[];
  authors: Author[];
  defaultAuthor?: string;
  /** WebP quality, 1–100. */
  imageQuality: number;
  /** Largest accepted image, in pixels (width × height). */
  maxImagePixels: number;
  /** Site logo, path relative to the site root (for the JSON-LD publisher). */
  logo?: string;
  /** The networks article pages offer share links for, in this order (default: all). */
  share?: ReadonlyArray<'whatsapp' | 'telegram' | 'x' | 'facebook' | 'email'>;
  /** The site's own accounts, for the footer and the publisher's `sameAs`. */
  social?: SiteLink[];
  /** The web editor at /admin/, when site.yml asks for it. */
  editor?: EditorSettings;
}

/** site.yml's `editor` block: the repository the web editor (/admin/) commits articles to. */
export interface EditorSettings {
  /** `owner/name` on GitHub. */
  repository: string;
  /** Default `main`. */
  branch: string;
  /** Origin of the OAuth sign-in helper (e.g. sveltia-cms-auth on Cloudflare Workers); without it editors sign in with a token. */
  authUrl?: string;
  /** Saves open a pull request that an editor publishes (merges) once the checks pass, instead of committing to `branch`. */
  review?: boolean;
}

/** A place in a source file, for diagnostics. Path relative to the site root; 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** An image an article uses: the front-matter hero or an image in the body. */
export interface ImageRef {
  /** As written by the editor. */
  src: string;
  /** Absolute path, resolved against the article file (not yet checked). */
  path: string;
  alt: string;
  caption?: string;
  credit?: string;
  /** Where the reference stands, for errors. */
  pos: SourcePos;
}

/** A tag as shown (first spelling met) and its key. */
export interface Tag {
  key: string;
  name: string;
}

/** A correction note the desk adds to a published article. */
export interface Correction {
  date: Date;
  /** True when the `date` had a time of day. */
  dateHasTime: boolean;
  text: string;
}

/** What an article file says, validated. Its body HTML is kept apart, in the body store. */
export interface ArticleContent {
  /** Path relative to the site root. */
  file: string;
  slug: string;
  title: string;
  summary: string;
  date: Date;
  updated?: Date;
  /** True when the `date` had a time of day. */
  dateHasTime: boolean;
  section: Section;
  authors: Author[];
  tags: Tag[];
  image?: ImageRef;
  draft: boolean;
  /** A lead story chosen by the desk (`featured: true`). */
  featured?: boolean;
  /** The end of the article's time in the breaking-news bar, which opens at `date`. */
  breakingUntil?: Date;
  /** Corrections, newest first; each dated not before the article. */
  corrections?: Correction[];
  /**
   * Hash of the body HTML, which is kept in the body store (src/cache/body-store.ts); in it,
   * body images and links to other articles stand as placeholders until they are resolved.
   */
  bodyHash: string;
  bodyImages: ImageRef[];
  /** Words in the body, for reading time. */
  wordCount: number;
  /**
   * SHA-1 of the article file's bytes. With the same site.yml and midad, the same hash means
   * the same article, except for what assembling the site adds: its permalink and the site's
   * spelling of its tags.
   */
  sourceHash: string;
  /** Moments besides its date at which the article's pages change by the clock alone (e.g. leaving the breaking-news bar). */
  changesAt?: Date[];
}

/** An article as parsed from its file, before it has a place on the site (no permalink yet). */
export interface ParsedArticle extends ArticleContent {
  /** Links in the body to other articles' `.md` files (`target` absolute), resolved by the links check. */
  articleLinks: Array<{ href: string; target: string; pos: SourcePos }>;
  /** Links in the body by URL (`/articles/…/`, `https://…`), checked against the permalinks (src/site/links.ts). */
  siteLinks?: Array<{ href: string; pos: SourcePos }>;
}

/** An article placed on the site (src/site/assemble.ts): what its pages, the feeds, sitemaps and search are made from. */
export interface PlacedArticle extends ArticleContent {
  /** Site-absolute path with raw (not percent-encoded) characters, e.g. `/articles/2026/01/24/شراكة/`. */
  permalink: string;
}

/**
 * What an output file is made of: bytes; a copy of a file (an image rendition in the cache); a
 * file already in the staging folder's scratch space (a search bundle, written by Pagefind
 * itself); or bytes a render thread staged (`staged` undefined: the target already held them).
 * `hash` names the content for the manifest.
 */
export type FileContent =
  | { bytes: Buffer | string }
  | { copyFrom: string; hash: string }
  | { moveFrom: string; hash: string }
  | { staged: string | undefined; hash: string };

/**
 * A file of the built site, as every stage hands it to the writer. `path` is relative to the
 * output folder, with forward slashes; `inputKey` hashes what it was made from (pages, search
 * bundles, sitemaps), so that the next build can keep it without making it again.
 */
export type OutputFile<C extends FileContent = FileContent> = { path: string; inputKey?: string } & C;

/** A page that is not news (about, contact…), from content/pages/. */
export interface StaticPage {
  /** Path relative to the site root. */
  file: string;
  slug: string;
  title: string;
  /** The meta description. */
  summary?: string;
  /** The body, rendered. */
  html: string;
  /** Where the slug is (its value, or 1:1 for one taken from the file name), for errors. */
  slugPos: { line: number; column: number };
  /** SHA-1 of the file's bytes. */
  sourceHash: string;
}

/** What a page is, for its meta tags, its SEO data and the sitemap. */
export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  kind: PageKind;
  prev?: string;
  next?: string;
  noindex?: boolean;
}

/** The first card photo of a page (it loads at once): its block of cards and its article's URL. */
export interface EagerCard {
  block: string;
  url: string;
}

/** The home page: the lead story, the latest, then the newest of each section. */
export interface HomeData {
  page: PageMeta;
  lead: ArticleView | undefined;
  latest: ArticleView[];
  sections: Array<{ section: LinkView; articles: ArticleView[] }>;
  eagerCard: EagerCard | undefined;
}

/** An article's page; `related` and its `eagerCard` are added by discovery. */
export interface ArticlePageData {
  page: PageMeta;
  article: ArticleView;
  share: ShareLink[];
  authorBoxes: AuthorView[];
  authorPhotoEager: boolean;
  related?: ArticleView[];
  eagerCard?: EagerCard | undefined;
}

/** One page of a section's, a tag's or an author's listing. */
export interface ListingData {
  page: PageMeta;
  heading: string;
  count: string;
  articles: ArticleView[];
  eagerUrl: string | undefined;
  pagination: {
    current: number;
    total: number;
    label: string;
    prev: string | undefined;
    next: string | undefined;
    pages: Array<{ n: string; url: string; current: boolean }>;
  } | undefined;
  /** A section's own feed. */
  feed: string | undefined;
  /** A section's slug (for the navigation's aria-current). */
  section: string | undefined;
  author: AuthorView | undefined;
}

/** A static page (about, contact…). */
export interface StaticPageData {
  page: PageMeta;
  staticPage: { title: string; summary: string | undefined };
  body: string;
}

/** The search page; its script and configuration are added by discovery. */
export interface SearchPageData {
  page: PageMeta;
  search?: { script: string; config: string };
  csp?: string;
}

/** The 404 page. */
export interface NotFoundData {
  page: PageMeta;
}

/** What a page's template sees (besides the data every page shares), by the page's kind. */
export interface PageDataByKind {
  home: HomeData;
  article: ArticlePageData;
  section: ListingData;
  tag: ListingData;
  author: ListingData;
  page: StaticPageData;
  search: SearchPageData;
  '404': NotFoundData;
}

export type PageKind = keyof PageDataByKind;

/** What the template of a page of some kind sees. */
export type PageData = PageDataByKind[PageKind];

/** One page to render, of one kind: where it goes, with which template, what it is made from, and what its template sees. */
export interface PageSpecOf<K extends PageKind> {
  /** Site path, e.g. `/security/page/2/` or `/404.html`. */
  path: string;
  template: string;
  kind: K;
  /** The article a page shows, for pages that have one. */
  article?: PlacedArticle;
  /** The articles whose cards (views) the page shows, in order: a listing's, the related ones. */
  cards: PlacedArticle[];
  /**
   * Everything else the page's data is made from (page numbers, headings, counts): with the
   * site, the templates, the article and the cards, it determines the page.
   */
  params: unknown;
  /** What the template sees; made only for a page that is rendered. */
  data: () => PageDataByKind[K];
}

/** One page to render (src/render/pages.ts makes them). */
export type PageSpec = { [K in PageKind]: PageSpecOf<K> }[PageKind];
