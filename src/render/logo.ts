// The site's logo (site.yml `logo`), checked with the site's other errors and published under
// a name made from its bytes.

import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { siteValuePosition } from '../config/site.js';
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
  const where = await siteValuePosition(site.root, 'logo');
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
