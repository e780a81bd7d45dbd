// The stylesheet and fonts: one CSS source written left-to-right, turned into the RTL
// stylesheet by rtlcss (an ltr site gets the source), with the @font-face rules of the
// subset fonts (fonts.ts) in front, all minified and named by content hash so they can be
// cached for ever.

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile, Site } from '../model.js';
import { siteUrl } from './urls.js';
import type { TemplateSet } from './templates.js';
import { buildFontFiles, fontFaceCss, type FontCache } from './fonts.js';

/** A file of the site's own (stylesheet, fonts, the editor's files), bytes in memory. */
export type Asset = OutputFile<{ bytes: Buffer | string }>;

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
  const css = fontFaceCss(fonts, url) + await processStylesheet(source, site.direction, fontCache);
  const cssPath = `assets/style.${contentHash(css)}.css`;
  files.push({ path: cssPath, bytes: css });
  return { files, css: url(cssPath), preloadFonts };
}

/** The processed stylesheet of the last few builds, by key (the dev server builds many times). */
const processed = new Map<string, string>();

/**
 * The stylesheet turned right to left by rtlcss (an ltr site keeps the source) and minified by
 * csso. The result is cached beside the font subsets, keyed by the source, the direction and
 * both tools' versions: loading the two tools alone costs a quarter of a second, which a
 * rebuild after an edit need not pay.
 */
/** The stylesheet in a cache file, if its bytes are those its first line names. */
function checkedCss(text: string): string | undefined {
  const nl = text.indexOf('\n');
  const css = text.slice(nl + 1);
  return nl > 0 && text.slice(0, nl) === contentHash(css) ? css : undefined;
}

async function processStylesheet(source: string, direction: Site['direction'], cache: FontCache | undefined): Promise<string> {
  const key = contentHash(`${source}\0${direction}\0${await toolVersions()}`);
  const hit = processed.get(key) ?? (cache && !cache.clean ? await readFile(path.join(cache.dir, `style-${key}.css`), 'utf8').then(checkedCss, () => undefined) : undefined);
  if (hit !== undefined) {
    processed.set(key, hit);
    return hit;
  }
  const [{ default: rtlcss }, { minify }] = await Promise.all([import('rtlcss'), import('csso')]);
  const css = minify(direction === 'rtl' ? rtlcss.process(source) : source, { restructure: false }).css;
  processed.set(key, css);
  if (cache) {
    const file = path.join(cache.dir, `style-${key}.css`);
    await mkdir(cache.dir, { recursive: true });
    // Its hash first, so that a damaged file is noticed and made again.
    await writeFile(`${file}.tmp-${process.pid}`, `${contentHash(css)}\n${css}`);
    await rename(`${file}.tmp-${process.pid}`, file);
  }
  return css;
}

let versions: Promise<string> | undefined;
/** rtlcss's and csso's versions, read from their package.json files (no code of theirs loaded). */
function toolVersions(): Promise<string> {
  const version = (name: string): Promise<string> => readFile(new URL('../package.json', import.meta.resolve(name)), 'utf8')
    .then((t) => (JSON.parse(t) as { version: string }).version, () => 'unknown');
  versions ??= Promise.all([version('rtlcss'), version('csso')]).then((v) => v.join('+'));
  return versions;
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
