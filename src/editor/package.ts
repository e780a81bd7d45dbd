// The web editor's own files, taken from the installed @sveltia/cms package and published
// under /admin/ with the site, so that nothing is loaded from a CDN. The package's browser
// build asks a CDN for three things; in the copy those addresses point at files beside it:
// its interface translations, its fonts (icons included) and the version it compares itself
// with once an hour.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Asset } from '../render/assets.js';

/** Under /admin/: the script, the fonts and translations it loads, the version it checks. */
export const SCRIPT_FILE = 'sveltia-cms.js';
export const VERSION_FILE = 'sveltia-version.json';

export interface EditorPackage {
  version: string;
  /** Paths relative to /admin/. */
  files: Asset[];
  /** What was pointed at the copies: fonts, translations, the version check (all, with the version midad pins). */
  patched: { fonts: number; locales: boolean; versionCheck: boolean };
}

let cached: Promise<EditorPackage> | undefined;

/** The interface languages the package ships (`ar`, `en-GB`…), from its file names alone. */
export async function interfaceLocales(): Promise<string[]> {
  return (await readdir(path.join(packageDir(), 'locales'))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
}

/** The editor's files (read once per process: 4 MB that never change while midad runs). */
export function editorPackage(): Promise<EditorPackage> {
  cached ??= readEditorPackage();
  return cached;
}

/** The installed package's folder. */
export function packageDir(): string {
  // The package exports only its ES module build (npm/index.js), two folders down.
  return path.resolve(path.dirname(fileURLToPath(import.meta.resolve('@sveltia/cms'))), '..');
}

async function readEditorPackage(): Promise<EditorPackage> {
  const dir = packageDir();
  const { version } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  const script = await readFile(path.join(dir, 'dist', SCRIPT_FILE), 'utf8');
  const fontFiles = await readdir(path.join(dir, 'npm', 'assets'));
  const files: Asset[] = [];
  const fonts = new Map<string, string>();
  // https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2 →
  // fonts/source-sans-3-latin-wght-normal.woff2, the same font the package ships for bundlers.
  let js = script.replace(/https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/([a-z0-9-]+)(?::vf)?@[0-9.]+\/([a-z0-9-]+)\.woff2/g, (url, family: string, subset: string) => {
    const name = `${family}-${subset}`;
    const file = fontFiles.find((f) => f.startsWith(`${name}-`) && f.endsWith('.woff2'));
    if (!file) return url;
    fonts.set(name, file);
    return `fonts/${name}.woff2`;
  });
  // The translations: `${cdn}@${version}/locales` → ./locales (relative to /admin/).
  const LOCALES = /`\$\{\w+\}@\$\{\w+\}\/locales`/;
  const locales = LOCALES.test(js);
  js = js.replace(LOCALES, '`./locales`');
  // The hourly "is there a newer version" check reads the version midad ships instead.
  const VERSION_CHECK = /`\$\{\w+\}\/package\.json`/;
  const versionCheck = VERSION_CHECK.test(js);
  js = js.replace(VERSION_CHECK, `\`./${VERSION_FILE}\``);
  files.push({ path: SCRIPT_FILE, bytes: stripSourceMap(js) });
  for (const [name, file] of fonts) files.push({ path: `fonts/${name}.woff2`, bytes: await readFile(path.join(dir, 'npm', 'assets', file)) });
  for (const chunk of await readdir(path.join(dir, 'dist', 'chunks'))) {
    if (chunk.endsWith('.js')) files.push({ path: `chunks/${chunk}`, bytes: stripSourceMap(await readFile(path.join(dir, 'dist', 'chunks', chunk), 'utf8')) });
  }
  for (const locale of await readdir(path.join(dir, 'locales'))) {
    if (locale.endsWith('.json')) files.push({ path: `locales/${locale}`, bytes: await readFile(path.join(dir, 'locales', locale)) });
  }
  files.push({ path: VERSION_FILE, bytes: `${JSON.stringify({ version })}\n` });
  return { version, files, patched: { fonts: fonts.size, locales, versionCheck } };
}

/** The source maps (17 MB) are not published: the comment that names one is dropped. */
function stripSourceMap(js: string): string {
  return js.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}
