// The site's logo (site.yml `logo`), checked with the site's other errors and published under
// a name made from its bytes.

import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import type { OutputFile, Site } from '../model.js';
import { contentHash } from './assets.js';

/** The logo as published: `assets/logo.<hash>.<ext>`. */
export type SiteLogo = OutputFile<{ bytes: Buffer }>;

const LOGO_TYPES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg', '.avif']);

/**
 * site.yml `logo` (a path relative to the site root) is published as assets/logo.<hash>.<ext>
 * for the JSON-LD publisher and Open Graph. It must be an image file inside the root.
 */
export async function siteLogo(site: Site, bag: DiagnosticBag): Promise<SiteLogo | undefined> {
  if (!site.logo) return undefined;
  const where = await logoPosition(site.root);
  const logo = site.logo;
  const fail = (why: 'logo-type' | 'logo-missing' | 'logo-outside-root' | 'logo-unreadable'): undefined => {
    bag.error('content/site.yml', where.line, where.column, 'invalid-logo', msg(why, { logo }));
    return undefined;
  };
  const ext = path.extname(site.logo).toLowerCase();
  if (!LOGO_TYPES.has(ext)) return fail('logo-type');
  let real: string;
  try {
    real = await realpath(path.resolve(site.root, site.logo));
  } catch {
    return fail('logo-missing');
  }
  const root = await realpath(site.root);
  if (real !== root && !real.startsWith(root + path.sep)) return fail('logo-outside-root');
  const bytes = await readFile(real).catch(() => undefined);
  if (!bytes) return fail('logo-unreadable');
  return { path: `assets/logo.${contentHash(bytes)}${ext === '.jpeg' ? '.jpg' : ext}`, bytes };
}

/** Where `logo:` stands in site.yml, for the error (1-based; 1:1 when it cannot be found). */
async function logoPosition(root: string): Promise<{ line: number; column: number }> {
  const text = await readFile(path.join(root, 'content', 'site.yml'), 'utf8').catch(() => '');
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => /^logo\s*:/.test(l));
  if (i < 0) return { line: 1, column: 1 };
  const col = lines[i]!.indexOf(':') + 1;
  const rest = lines[i]!.slice(col);
  return { line: i + 1, column: col + 1 + (rest.length - rest.trimStart().length) };
}
