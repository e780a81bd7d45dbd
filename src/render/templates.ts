// The Nunjucks environment: autoescape on, templates from the site's own templates/ first,
// then the ones that ship with midad (overridden file by file), compiled once per build.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { Diagnostic } from '../diagnostics.js';
import { toRel } from '../content/load.js';

/** The templates that ship with midad (the package's own templates/ folder). */
export const BUILTIN_TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');

export interface TemplateSet {
  env: nunjucks.Environment;
  /** Template folders in lookup order (absolute). */
  dirs: string[];
}

export function createTemplates(root: string): TemplateSet {
  const own = path.join(root, 'templates');
  const dirs = existsSync(own) && path.resolve(own) !== BUILTIN_TEMPLATES ? [own, BUILTIN_TEMPLATES] : [BUILTIN_TEMPLATES];
  const loader = new nunjucks.FileSystemLoader(dirs, { noCache: false, watch: false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  return { env, dirs };
}

/**
 * A Nunjucks error as a Diagnostic. Nunjucks puts `(file) [Line N, Column M]` in the message;
 * the file is made relative to the site root (or shown as midad's own template).
 */
export function templateDiagnostic(err: unknown, set: TemplateSet, root: string, fallbackTemplate: string): Diagnostic {
  const raw = err instanceof Error ? err.message : String(err);
  const m = /^\(([^)]+)\)(?: \[Line (\d+), Column (\d+)\])?\s*([\s\S]*)$/.exec(raw.trim());
  let file = fallbackTemplate;
  let line = 1;
  let column = 1;
  let message = raw;
  if (m) {
    file = m[1]!;
    line = m[2] ? Number(m[2]) : 1;
    column = m[3] ? Number(m[3]) + 1 : 1;
    message = m[4]!.replace(/^Error: /, '').trim();
  }
  message = message.replace(/\s*\n\s*/g, ' ').replace(/^\(unknown path\)\s*/, '');
  const abs = path.isAbsolute(file) ? file : findTemplate(set, file) ?? path.join(set.dirs[0]!, file);
  const rel = abs.startsWith(BUILTIN_TEMPLATES) && !abs.startsWith(path.join(root, 'templates'))
    ? `(midad)/templates/${toRel(BUILTIN_TEMPLATES, abs)}`
    : toRel(root, abs);
  return { file: rel, line, column, code: 'template-error', message: `template: ${message}`, severity: 'error' };
}

function findTemplate(set: TemplateSet, name: string): string | undefined {
  for (const dir of set.dirs) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * A hash of every file in the template folders (templates, partials, the stylesheet): when it
 * changes, every page is rendered again.
 */
export function templateFingerprint(set: TemplateSet): string {
  const h = createHash('sha1');
  for (const dir of set.dirs) {
    const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
      .sort();
    for (const file of entries) h.update(`${path.relative(dir, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return h.digest('hex');
}
