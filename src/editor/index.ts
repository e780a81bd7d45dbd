// The web editor at /admin/ (written when site.yml has an `editor` block): its page, its
// configuration made from site.yml, and the editor's own files. None of it is a page of the
// site: it is in no sitemap, feed, listing or search index.

import type { Site } from '../model.js';
import type { Asset } from '../render/assets.js';
import { siteUrl } from '../render/urls.js';
import { ENGINE_KEY, packageVersion } from '../version.js';
import { editorPackage, interfaceLocales } from './package.js';
import { adminHtml, editorCss, interfaceLocale, previewCss, PREVIEW_SCRIPT, SETUP_SCRIPT } from './page.js';
import { editorConfigYaml } from './sveltia-config.js';

/** The folder of the built site the editor lives in. */
export const ADMIN_DIR = 'admin';

/** What a build writes under /admin/: midad's own small files, and the editor's package. */
export interface AdminFiles {
  /** The page, its configuration, scripts and styles (made from site.yml at every build). */
  own: Asset[];
  /** The editor's own files change only with its version and midad's: a build that wrote them keeps them without reading them. */
  vendorKey: string;
  vendorFiles(): Promise<Asset[]>;
}

/** The files of /admin/, paths relative to the output folder. `css` is the site's stylesheet (root-relative URL), for the preview. */
export async function adminFiles(site: Site, css: string): Promise<AdminFiles> {
  const base = siteUrl(site, `/${ADMIN_DIR}/`);
  const locale = interfaceLocale(site.language, await interfaceLocales());
  const own: Asset[] = [
    { path: 'index.html', bytes: adminHtml(site, { css, base, ...optional('locale', locale) }) },
    { path: 'config.yml', bytes: editorConfigYaml(site) },
    { path: 'setup.js', bytes: SETUP_SCRIPT },
    { path: 'preview.js', bytes: PREVIEW_SCRIPT },
    { path: 'editor.css', bytes: editorCss(site) },
    { path: 'preview.css', bytes: previewCss(site) },
  ];
  const inAdmin = (f: Asset): Asset => ({ path: `${ADMIN_DIR}/${f.path}`, bytes: f.bytes });
  return {
    own: own.map(inAdmin),
    vendorKey: `sveltia-cms@${packageVersion('@sveltia/cms') ?? '?'}+${ENGINE_KEY}`,
    vendorFiles: async () => (await editorPackage()).files.map(inAdmin),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
