// One view per article for the whole build, made on first use and shared by the pages and by
// discovery (an article shows on a dozen pages: its own, its listings, others' related cards).
// Views grow with the archive, so what many of them hold is held once: the link of a section,
// a tag or an author, and repeated texts; and the cache is let go once the pages are made.

import type { PlacedArticle } from '../model.js';
import { articleView, freshParts, type ArticleView, type LinkView, type ViewContext, type ViewParts } from './views.js';

export interface ViewCache {
  view(a: PlacedArticle): ArticleView;
  /** Lets every view go (a later view() makes it again, the same). */
  clear(): void;
}

export function createViewCache(ctx: ViewContext): ViewCache {
  const views = new Map<PlacedArticle, ArticleView>();
  const parts = sharedParts(ctx);
  return {
    view(a) {
      let v = views.get(a);
      if (!v) views.set(a, (v = articleView(ctx, a, parts)));
      return v;
    },
    clear() {
      views.clear();
    },
  };
}

/** Parts made once per section, tag, author (in each place of a list of each length) and text. */
function sharedParts(ctx: ViewContext): ViewParts {
  const fresh = freshParts(ctx.site);
  const links = new Map<string, LinkView>();
  const once = (key: string, make: () => LinkView): LinkView => {
    let link = links.get(key);
    if (!link) links.set(key, (link = make()));
    return link;
  };
  const texts = new Map<string, string>();
  return {
    section: (s) => once(`s\0${s.slug}\0${s.name}`, () => fresh.section(s)),
    author: (au, i, n) => once(`a\0${au.slug}\0${au.name}\0${i}\0${n}`, () => fresh.author(au, i, n)),
    tag: (t) => once(`t\0${t.key}\0${t.name}`, () => fresh.tag(t)),
    text: (s) => {
      const known = texts.get(s);
      if (known !== undefined) return known;
      texts.set(s, s);
      return s;
    },
  };
}
