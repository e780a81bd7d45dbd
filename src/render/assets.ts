// The stylesheet and fonts: one CSS source written left-to-right, turned into the RTL
// stylesheet by rtlcss (an ltr site gets the source), with the @font-face rules of the
// subset fonts (fonts.ts) in front, all minified and named by content hash so they can be
// cached for ever.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import rtlcss from 'rtlcss';
import { minify } from 'csso';
import type { Site } from '../model.js';
import { siteUrl } from './urls.js';
import type { TemplateSet } from './templates.js';
import { buildFontFiles, fontFaceCss, type FontCache } from './fonts.js';

export interface Asset {
  /** Output path relative to the out folder. */
  path: string;
  bytes: Buffer | string;
}

export interface SiteAssets {
  files: Asset[];
  /** Root-relative URL of the stylesheet. */
  css: string;
  /** Root-relative URLs of the fonts worth preloading (the regular Arabic core subset). */
  preloadFonts: string[];
}

export const contentHash = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

/**
 * Builds the stylesheet (templates/assets/style.css, overridable by the site) and the font
 * files (src/render/fonts.ts); `fontCache` keeps the font subsets between builds.
 */
export async function buildAssets(site: Site, templates: TemplateSet, fontCache?: FontCache): Promise<SiteAssets> {
  const fonts = await buildFontFiles(contentHash, fontCache);
  const url = (p: string): string => siteUrl(site, `/${p}`);
  const files: Asset[] = fonts.map((f) => ({ path: f.path, bytes: f.bytes }));
  const preloadFonts = fonts.filter((f) => f.part === 'core' && f.subset === 'arabic' && f.weight === 400).map((f) => url(f.path));
  const source = await readFile(await stylesheetPath(templates), 'utf8');
  const directed = site.direction === 'rtl' ? rtlcss.process(source) : source;
  const css = fontFaceCss(fonts, url) + minify(directed, { restructure: false }).css;
  const cssPath = `assets/style.${contentHash(css)}.css`;
  files.push({ path: cssPath, bytes: css });
  return { files, css: url(cssPath), preloadFonts };
}

async function stylesheetPath(templates: TemplateSet): Promise<string> {
  for (const dir of templates.dirs) {
    const p = path.join(dir, 'assets', 'style.css');
    try {
      await readFile(p);
      return p;
    } catch {
      // not overridden here; try the next folder
    }
  }
  throw new Error('midad: templates/assets/style.css is missing from the built-in templates');
}
