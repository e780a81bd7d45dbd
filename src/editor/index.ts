// The web editor at /admin/ (written when site.yml has an `editor` block): its page, its
// configuration made from site.yml, and the editor's own files. None of it is a page of the
// site: it is in no sitemap, feed, listing or search index.

import type { Site } from '../model.js';
import type { Asset } from '../render/assets.js';
import { siteUrl } from '../render/urls.js';
import { editorPackage } from './package.js';
import { adminHtml, editorCss, interfaceLocale, previewCss, PREVIEW_SCRIPT, SETUP_SCRIPT } from './page.js';
import { editorConfigYaml } from './sveltia-config.js';

/** The folder of the built site the editor lives in. */
export const ADMIN_DIR = 'admin';

/**
 * Every file of /admin/, paths relative to the output folder. `css` is the site's stylesheet
 * (root-relative URL), used by the editor's preview.
 */
export async function adminFiles(site: Site, css: string): Promise<Asset[]> {
  const pkg = await editorPackage();
  const locales = pkg.files.filter((f) => f.path.startsWith('locales/')).map((f) => f.path.slice('locales/'.length, -'.json'.length));
  const base = siteUrl(site, `/${ADMIN_DIR}/`);
  const own: Asset[] = [
    { path: 'index.html', bytes: adminHtml(site, { css, base, ...optional('locale', interfaceLocale(site.language, locales)) }) },
    { path: 'config.yml', bytes: editorConfigYaml(site) },
    { path: 'setup.js', bytes: SETUP_SCRIPT },
    { path: 'preview.js', bytes: PREVIEW_SCRIPT },
    { path: 'editor.css', bytes: editorCss(site) },
    { path: 'preview.css', bytes: previewCss(site) },
  ];
  return [...own, ...pkg.files].map((f) => ({ path: `${ADMIN_DIR}/${f.path}`, bytes: f.bytes }));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
