// The stylesheet and fonts: one CSS source written left-to-right, turned into the RTL
// stylesheet by rtlcss (an ltr site gets the source), fonts from @fontsource served from the
// site itself, all minified and named by content hash so they can be cached for ever.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import rtlcss from 'rtlcss';
import { minify } from 'csso';
import type { Site } from '../model.js';
import { siteUrl } from './urls.js';
import type { TemplateSet } from './templates.js';

const require = createRequire(import.meta.url);

/** The site's text face: Noto Naskh Arabic, a book face made for long Arabic reading. */
const FONT_PACKAGE = '@fontsource/noto-naskh-arabic';
/** Only these subsets are published (issue 2): Arabic, and Latin for mixed text. */
const FONT_SUBSETS = ['arabic', 'latin'];
const FONT_WEIGHTS = [400, 700];

export interface Asset {
  /** Output path relative to the out folder. */
  path: string;
  bytes: Buffer | string;
}

export interface SiteAssets {
  files: Asset[];
  /** Root-relative URL of the stylesheet. */
  css: string;
  /** Root-relative URLs of the fonts worth preloading (regular Arabic). */
  preloadFonts: string[];
}

export const contentHash = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

/** Builds the stylesheet (templates/assets/style.css, overridable by the site) and fonts. */
export async function buildAssets(site: Site, templates: TemplateSet): Promise<SiteAssets> {
  const files: Asset[] = [];
  const fontDir = path.dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
  const faces: string[] = [];
  const preloadFonts: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    // The weight's CSS holds one @font-face per subset, each with its unicode-range.
    const css = await readFile(path.join(fontDir, `${weight}.css`), 'utf8');
    for (const block of css.split('@font-face').slice(1)) {
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      const subset = file && FONT_SUBSETS.find((s) => file.endsWith(`-${s}-${weight}-normal.woff2`));
      if (!file || !range || !subset) continue;
      const bytes = await readFile(path.join(fontDir, 'files', file));
      const out = `assets/fonts/${file.replace(/\.woff2$/, '')}.${contentHash(bytes)}.woff2`;
      files.push({ path: out, bytes });
      const url = siteUrl(site, `/${out}`);
      if (weight === 400 && subset === 'arabic') preloadFonts.push(url);
      faces.push(`@font-face{font-family:"Noto Naskh Arabic";font-style:normal;font-weight:${weight};font-display:swap;src:url(${url}) format("woff2");unicode-range:${range.trim()}}`);
    }
  }
  const source = await readFile(await stylesheetPath(templates), 'utf8');
  const directed = site.direction === 'rtl' ? rtlcss.process(source) : source;
  const css = faces.join('') + minify(directed, { restructure: false }).css;
  const cssPath = `assets/style.${contentHash(css)}.css`;
  files.push({ path: cssPath, bytes: css });
  return { files, css: siteUrl(site, `/${cssPath}`), preloadFonts };
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
