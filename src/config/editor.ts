// The `editor` block of content/site.yml: where the web editor (/admin/) saves articles.
// Read here, every problem at its position; what the editor is made of is src/editor/.

import type { Pair } from 'yaml';
import type { DiagnosticBag } from '../diagnostics.js';
import { msg } from '../messages/index.js';
import { FieldReader } from '../content/yaml-fields.js';
import { isMap, isScalar, valueNode, type YamlSource } from '../content/yaml-source.js';
import type { EditorSettings } from '../model.js';

export const EDITOR_KEYS = ['repository', 'branch', 'authUrl', 'review'] as const;

/** GitHub's rules for an account or organisation name and a repository name. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
/** A git branch name as GitHub accepts it, without the rarer corner cases. */
const BRANCH = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*\.lock$|-)[A-Za-z0-9._/-]{1,200}$/;

/**
 * Reads `editor: { repository: owner/name, branch: main, authUrl: https://…, review: true }`. Returns
 * undefined when the block has errors (each reported into `bag` at its position, in `file`).
 */
export function readEditor(pair: Pair, y: YamlSource, bag: DiagnosticBag, file: string): EditorSettings | undefined {
  const r = new FieldReader(file, y, bag);
  const at = r.at.bind(r);
  const node = valueNode(pair);
  if (!isMap(node)) {
    at(node ?? pair, 'invalid-type', msg('editor-not-map'));
    return undefined;
  }
  const before = bag.errorCount;
  const fields = r.knownKeys(node, EDITOR_KEYS, (key, suggestion) => msg('editor-unknown-key', { key, suggestion }));
  const text = (key: string): string | undefined => r.text(fields.get(key), `editor.${key}`);
  const repository = text('repository');
  if (!fields.has('repository')) at(pair, 'missing-key', msg('editor-missing-repository'));
  else if (repository !== undefined && !isRepository(repository)) {
    at(valueNode(fields.get('repository')!), 'invalid-repository', msg('editor-repository', { value: repository }));
  }
  const branch = text('branch') ?? 'main';
  if (fields.has('branch') && !BRANCH.test(branch)) at(valueNode(fields.get('branch')!), 'invalid-branch', msg('editor-branch', { value: branch }));
  const authUrl = text('authUrl');
  if (authUrl !== undefined && !isHttpsOrigin(authUrl)) at(valueNode(fields.get('authUrl')!), 'invalid-auth-url', msg('editor-auth-url', { value: authUrl }));
  const reviewPair = fields.get('review');
  const reviewNode = reviewPair ? valueNode(reviewPair) : undefined;
  if (reviewPair && !(isScalar(reviewNode) && typeof reviewNode.value === 'boolean')) at(reviewNode ?? reviewPair, 'invalid-type', msg('editor-review'));
  const review = isScalar(reviewNode) && reviewNode.value === true;
  if (bag.errorCount > before || repository === undefined) return undefined;
  return { repository, branch, ...(authUrl !== undefined ? { authUrl: new URL(authUrl).origin } : {}), ...(review ? { review } : {}) };
}

/** `owner/name` as GitHub spells them: one slash, no spaces, no URL. */
export function isRepository(value: string): boolean {
  const parts = value.split('/');
  return parts.length === 2 && OWNER.test(parts[0]!) && REPO.test(parts[1]!) && parts[1] !== '.' && parts[1] !== '..';
}

/** The sign-in helper is a web service: an https origin (a path would be ignored by the editor). */
function isHttpsOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
  } catch {
    return false;
  }
}
