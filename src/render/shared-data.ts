// What every page's template sees besides its own data: the site, the interface strings, the
// stylesheet and fonts, the navigation, the footer and the breaking-news bar.

import type { Site, StaticPage } from '../model.js';
import type { SiteModel } from '../site/assemble.js';
import type { SiteAssets } from './assets.js';
import { uiStrings } from './i18n.js';
import { socialName } from './social.js';
import { siteUrl } from './urls.js';

/** The data every page shares; part of every page's input key, and sent once to each render thread. */
export type SharedData = Record<string, unknown>;

export function sharedData(model: SiteModel, assets: Pick<SiteAssets, 'css' | 'preloadFonts'>): SharedData {
  const { site } = model;
  return {
    site: { ...site, url: siteUrl(site, '/'), root: undefined },
    t: uiStrings(site.language),
    assets: { css: assets.css, preloadFonts: assets.preloadFonts },
    nav: site.sections.map((s) => ({ name: s.name, slug: s.slug, url: siteUrl(site, `/${s.slug}/`) })),
    urls: { home: siteUrl(site, '/'), search: siteUrl(site, '/search/'), feed: siteUrl(site, '/feed.xml') },
    footer: footerLinks(site, model.pages ?? []),
    // In every page (and so in every page's input key): a build with only a later clock adds
    // or removes the bar everywhere.
    breaking: breakingNow(model),
  };
}

/** The footer's links besides the sections: the static pages in file-name order and the site's social accounts. */
function footerLinks(site: Site, pages: readonly StaticPage[]): { pages: Array<{ title: string; url: string }>; social: Array<{ network: string; name: string; url: string }> } {
  return {
    pages: pages.map((p) => ({ title: p.title, url: siteUrl(site, `/${p.slug}/`) })),
    social: (site.social ?? []).map((l) => ({ network: l.network, name: socialName(l.network, site.language), url: l.url })),
  };
}

/** The articles in the breaking-news bar at the build's clock, newest first. */
function breakingNow(model: SiteModel): Array<{ title: string; url: string }> {
  const now = model.now.getTime();
  return model.articles
    .filter((a) => a.breakingUntil && a.date.getTime() <= now && now < a.breakingUntil.getTime())
    .sort((a, b) => b.date.getTime() - a.date.getTime())
    .map((a) => ({ title: a.title, url: siteUrl(model.site, a.permalink) }));
}
