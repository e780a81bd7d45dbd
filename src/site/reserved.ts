// The top-level names of the output that midad gives a meaning of its own, in one place: the
// section, static-page and permalink checks each refuse them for what they would overwrite.

/** Top-level folders midad fills itself: no article may be written inside one. */
export const SITE_FOLDERS: ReadonlySet<string> = new Set(['images', 'assets', 'pagefind', 'tags', 'authors', 'search', 'page']);

/**
 * Every top-level address the site writes itself: those folders, the web editor's, the articles'
 * and its own files. A section or a static page there would overwrite them or be hidden by them.
 */
export const SITE_ADDRESSES: ReadonlySet<string> = new Set([
  ...SITE_FOLDERS, 'admin', 'articles', 'feed.xml', '404', '404.html', 'index.html', 'robots.txt', 'sitemap.xml', 'news-sitemap.xml',
]);
