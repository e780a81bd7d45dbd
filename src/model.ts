// The typed data passed between build stages:
// SourceFile → Article → SiteModel → OutputFile.

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

/** One article, validated and with its body rendered to HTML. */
export interface Article {
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
  /** Site-absolute path with raw (not percent-encoded) characters, e.g. `/articles/2026/01/24/شراكة/`. */
  permalink: string;
  /** Moments besides its date at which the article's pages change by the clock alone (e.g. leaving the breaking-news bar). */
  changesAt?: Date[];
}

/** A file of the built site. `path` is relative to the output folder, with forward slashes. */
export interface OutputFile {
  path: string;
  bytes: Buffer | string;
}

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
