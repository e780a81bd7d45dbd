// The Nunjucks environment: autoescape on, templates from the site's own templates/ first,
// then the ones that ship with midad (overridden file by file), compiled once per build.

import { msg } from '../messages/index.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { direntPath } from '../dirent-path.js';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { toRel } from '../content/load.js';
import { textDirection } from './bidi.js';

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
  // `{{ title | textDir(site.direction) }}` is rtl or ltr by the text's letters;
  // `<h2{{ title | dirAttr(site.direction) }}>` adds ` dir="…"` only where that differs.
  env.addFilter('textDir', textDirection);
  env.addFilter('dirAttr', (text: unknown, pageDir?: string) => {
    const dir = textDirection(text, pageDir);
    return new nunjucks.runtime.SafeString(dir === (pageDir === 'ltr' ? 'ltr' : 'rtl') ? '' : ` dir="${dir}"`);
  });
  return { env, dirs };
}

/**
 * A Nunjucks error as a Diagnostic. Nunjucks wraps an error once per template it passes
 * through, `(file) [Line N, Column M]` each time, and the innermost cause comes last. For a
 * missing filter or function its line numbers point at generated code, so the name is looked
 * up in the template sources instead. Paths are made relative to the site root (or shown as
 * midad's own template).
 */
export function templateDiagnostic(err: unknown, set: TemplateSet, root: string, fallbackTemplate: string): Diagnostic {
  const raw = err instanceof Error ? err.message : String(err);
  const segments = [...raw.matchAll(/\(([^()\n]+)\)(?: \[Line (\d+), Column (\d+)\])?/g)].map((m) => ({
    file: m[1]!, line: m[2] ? Number(m[2]) : undefined, column: m[3] ? Number(m[3]) + 1 : undefined,
  }));
  const cause = (raw.split(/\n\s*/).pop() ?? raw).replace(/^(?:Template render error: )?(?:\([^)]*\)(?: \[Line \d+, Column \d+\])?\s*)*/, '').replace(/^Error: /, '').trim();
  const files = [...new Set(segments.map((g) => g.file).filter((f) => f !== 'unknown path'))];
  let place: { file: string; line: number; column: number } | undefined;
  const name = /filter not found: ([\w$]+)/.exec(cause)?.[1] ?? /Unable to call `([^`]+)`/.exec(cause)?.[1]?.split('.').pop() ?? /unknown block tag: ([\w$]+)/.exec(cause)?.[1];
  if (name) {
    const pattern = new RegExp(/filter not found/.test(cause) ? `\\|\\s*${name}\\b` : /unknown block tag/.test(cause) ? `\\{%-?\\s*${name}\\b` : `\\b${name}\\s*\\(`);
    for (const file of [...files].reverse()) {
      const text = readSource(abs(set, file));
      const m = text === undefined ? null : pattern.exec(text);
      if (m) {
        const before = text!.slice(0, m.index).split('\n');
        place = { file, line: before.length, column: before[before.length - 1]!.length + 1 + (m[0].startsWith('|') ? m[0].length - name.length : 0) };
        break;
      }
    }
  }
  if (!place) {
    const innermost = [...segments].reverse().find((g) => g.line !== undefined);
    place = innermost ? { file: innermost.file, line: innermost.line!, column: innermost.column ?? 1 } : { file: files[0] ?? fallbackTemplate, line: 1, column: 1 };
  }
  const file = abs(set, place.file);
  const ownDir = path.join(root, 'templates');
  const rel = file.startsWith(BUILTIN_TEMPLATES) && !file.startsWith(ownDir)
    ? `(midad)/templates/${toRel(BUILTIN_TEMPLATES, file)}`
    : toRel(root, file);
  const message = cause.replace(/\s*\n\s*/g, ' ').split(root + path.sep).join('');
  return diagnostic(rel, place.line, place.column, 'template-error', msg('template-error', { detail: message }), 'error');
}

/**
 * One page's HTML: `template` rendered with the shared data and the page's own. A failure is a
 * template error, as a diagnostic (the render threads render with this too).
 */
export function renderTemplate(set: TemplateSet, root: string, template: string, data: Record<string, unknown>): { html: string } | { error: Diagnostic } {
  try {
    return { html: set.env.render(template, data) };
  } catch (err) {
    return { error: templateDiagnostic(err, set, root, template) };
  }
}

/**
 * Compiles every template of the set (each name once, the site's own file first), partials
 * included: Nunjucks compiles an included template only while rendering, and a syntax error
 * found there is thrown from a deferred task, out of reach of the render's own try/catch.
 * Returns the errors, one per broken file.
 */
export function compileTemplates(set: TemplateSet, root: string): { diagnostics: Diagnostic[]; failed: Set<string> } {
  const names = new Set<string>();
  for (const dir of set.dirs) {
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !TEMPLATE_FILE.test(e.name)) continue;
      const rel = path.relative(dir, direntPath(e)).split(path.sep).join('/');
      // The stylesheet and scripts are not templates.
      if (!rel.startsWith('assets/')) names.add(rel);
    }
  }
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();
  for (const name of [...names].sort()) {
    try {
      set.env.getTemplate(name, true);
    } catch (err) {
      failed.add(name);
      diagnostics.push(templateDiagnostic(err, set, root, name));
    }
  }
  return { diagnostics, failed };
}

/** Files in a template folder that Nunjucks may be asked to load (by a page, an include, an extends). */
const TEMPLATE_FILE = /\.(?:njk|nunjucks|html?|xml|txt|j2|jinja2?)$/;

/**
 * Whether rendering `name` could load one of `failed` (templates that do not compile), through
 * its includes, extends and imports, followed from file to file. An include whose name is an
 * expression could load anything: it counts as reaching one.
 */
export function reachesFailed(set: TemplateSet, name: string, failed: ReadonlySet<string>, seen = new Set<string>()): boolean {
  if (failed.has(name)) return true;
  if (seen.has(name)) return false;
  seen.add(name);
  const file = findTemplate(set, name);
  const text = file ? readSource(file) ?? '' : '';
  for (const m of text.matchAll(/\{%-?\s*(?:include|extends|import|from)\s+([^%]*?)(?:\s+(?:import|as|ignore|with|without)\b[^%]*)?-?%\}/g)) {
    const literal = /^(["'])(.+?)\1$/.exec(m[1]!.trim());
    if (!literal) return failed.size > 0;
    if (reachesFailed(set, literal[2]!, failed, seen)) return true;
  }
  return false;
}

function abs(set: TemplateSet, file: string): string {
  return path.isAbsolute(file) ? file : findTemplate(set, file) ?? path.join(set.dirs[0]!, file);
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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
      .map((e) => direntPath(e))
      .sort();
    for (const file of entries) h.update(`${path.relative(dir, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return h.digest('hex');
}
