// Every diagnostic code midad reports: stable kebab-case names that CI annotations and tools
// may match on. A code names the kind of mistake; several catalogue messages may share one.

export const DIAGNOSTIC_CODES = [
  // Finding and reading the files.
  'missing-site', 'unreadable-file', 'unreadable-folder', 'not-utf8', 'not-a-file', 'outside-root', 'article-too-large',
  // YAML as written (src/content/yaml-source.ts, yaml-mistakes.ts).
  'yaml-syntax', 'yaml-too-deep', 'yaml-too-many-aliases', 'yaml-tab', 'yaml-unicode-space', 'yaml-curly-quotes',
  'yaml-missing-space', 'yaml-bad-escape', 'yaml-reserved-char', 'yaml-colon-in-value', 'yaml-bad-indent',
  'yaml-hash-in-value', 'duplicate-key',
  // Front matter and site.yml, key by key.
  'missing-front-matter', 'unclosed-front-matter', 'front-matter-not-map', 'site-not-map',
  'unknown-key', 'missing-key', 'invalid-type', 'invalid-value', 'empty-value', 'control-character',
  'invalid-date', 'updated-before-date', 'breaking-before-date', 'correction-before-date',
  'title-too-long', 'slug-too-long', 'invalid-slug', 'invalid-file-slug', 'duplicate-slug', 'reserved-slug',
  'unknown-section', 'unknown-author', 'tags-arabic-comma', 'too-many-tags', 'empty-tag', 'tag-too-long',
  'placeholder-left', 'invalid-base-url', 'invalid-language', 'invalid-timezone', 'invalid-permalink', 'invalid-link',
  'invalid-logo', 'unknown-share-network', 'duplicate-share-network',
  'invalid-repository', 'invalid-branch', 'invalid-auth-url',
  // The Markdown body and links.
  'nested-too-deep', 'unsafe-link', 'broken-link',
  // Images (src/images/problems.ts).
  'image-url', 'image-absolute-path', 'image-outside-root', 'image-not-found', 'image-unreadable', 'image-not-image',
  'image-unsupported-format', 'image-corrupt', 'image-too-large', 'image-failed', 'image-animated',
  // The site as a whole: pages, permalinks, templates.
  'page-unsupported', 'page-slug-clash', 'duplicate-permalink', 'reserved-permalink', 'path-conflict', 'template-error',
] as const;

/** A code of DIAGNOSTIC_CODES. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export function isDiagnosticCode(x: unknown): x is DiagnosticCode {
  return typeof x === 'string' && (DIAGNOSTIC_CODES as readonly string[]).includes(x);
}
