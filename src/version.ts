// midad's own version, from package.json, and what the caches are keyed by.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The libraries whose versions shape what midad writes (bodies, pages, search, styles). */
export const OUTPUT_LIBRARIES = ['markdown-it', 'linkify-it', 'mdurl', 'nunjucks', 'yaml', 'pagefind', 'rtlcss', 'csso', 'subset-font', '@fontsource/noto-naskh-arabic'];

/**
 * What every cache (parsed articles, page keys, the whole-build key) is keyed by: midad's
 * version, its own compiled code and the versions of the libraries above. A newsroom that
 * moves to another midad commit with the same version number, or whose lockfile brings
 * another markdown-it, gets every page made again, not pages kept from the old code; this
 * matters most on CI, which keeps the output folder between runs.
 */
export const ENGINE_KEY = engineKey(VERSION, path.dirname(fileURLToPath(import.meta.url)), Object.fromEntries(OUTPUT_LIBRARIES.map((name) => [name, packageVersion(name)])));

/** The key of a midad: its version, every .js file under `codeDir` (names and bytes), the libraries' versions. */
export function engineKey(version: string, codeDir: string, libraries: Record<string, string | undefined>): string {
  const h = createHash('sha1').update(`${version}\0`);
  for (const rel of readdirSync(codeDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).sort()) {
    h.update(`${rel}\0`).update(readFileSync(path.join(codeDir, rel))).update('\0');
  }
  for (const name of Object.keys(libraries).sort()) h.update(`${name}@${libraries[name] ?? '?'}\0`);
  return h.digest('hex').slice(0, 16);
}

/** An installed package's version, found from its entry point up (hoisted or not, ESM or CommonJS). */
export function packageVersion(name: string): string | undefined {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(name));
  } catch {
    return undefined;
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // a package.json that does not parse: keep looking up
    }
  }
  return undefined;
}
