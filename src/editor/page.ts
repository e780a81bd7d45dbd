// /admin/index.html and its two small scripts: the page that starts the web editor. It is
// the one page of the site that may talk to GitHub, so it has its own Content-Security-Policy;
// every other page keeps the site's.

import type { Site } from '../model.js';
import { escapeHtml } from '../render/html.js';
import { SCRIPT_FILE } from './package.js';

/**
 * What the editor needs and nothing more: its own scripts and fonts; inline styles (its
 * components set them at run time); GitHub's API and status page (which the sign-in screen
 * shows), and the avatars of those who signed in; photos being uploaded, shown from memory
 * (blob:, data:), and the preview pane (a blob: frame). Signing in through the OAuth helper
 * happens in a window of its own, which this policy does not govern.
 */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' blob: data: https://avatars.githubusercontent.com",
  "media-src 'self' blob:",
  "connect-src 'self' blob: data: https://api.github.com https://www.githubstatus.com",
  "frame-src 'self' blob:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Runs before the editor: sets its interface language to the site's unless the user chose one. */
export const SETUP_SCRIPT = `// midad: the web editor speaks the site's language until its user picks another.
(function () {
  var locale = document.documentElement.getAttribute('data-editor-locale');
  if (!locale) return;
  try {
    var key = 'sveltia-cms.prefs';
    var prefs = JSON.parse(localStorage.getItem(key) || '{}') || {};
    if (!prefs.locale) {
      prefs.locale = locale;
      localStorage.setItem(key, JSON.stringify(prefs));
    }
  } catch (e) {
    // Storage blocked (a private window): the editor follows the browser's language.
  }
})();
`;

/** Runs after the editor's script: the preview pane uses the site's own stylesheet (and so its fonts). */
export const PREVIEW_SCRIPT = `// midad: preview articles with the site's stylesheet and direction.
(function () {
  var root = document.documentElement;
  if (!window.CMS) return;
  ['data-site-css', 'data-preview-css'].forEach(function (name) {
    var href = root.getAttribute(name);
    if (href) window.CMS.registerPreviewStyle(href);
  });
})();
`;

/**
 * The editor's own pages on a right-to-left site. Without a content language of its own (one
 * would make it write a \`lang\` key midad does not know) the editor lets each field take the
 * direction of its first letter, and an empty field would start on the left: fields start on
 * the right, and each paragraph still follows its own first letter (an English brief reads
 * left to right).
 */
export function editorCss(site: Site): string {
  return site.direction === 'rtl'
    ? '/* midad: fields read right to left; each paragraph follows its own first letter. */\n[dir="auto"]{direction:rtl;unicode-bidi:plaintext}\n'
    : '/* midad: the editor on a left-to-right site needs nothing more. */\n';
}

/** The preview pane is a fragment of a page: give it the site's direction and reading width. */
export function previewCss(site: Site): string {
  return `/* midad: the preview pane reads like an article page. */\nbody{direction:${site.direction};margin:0 auto;max-width:42rem;padding:1rem}\n`;
}

/** Sveltia's interface languages, as it names them (one file each under /admin/locales/). */
export function interfaceLocale(language: string, available: readonly string[]): string | undefined {
  const lower = language.toLowerCase();
  const exact = available.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split('-')[0]!;
  if (primary === 'en') return undefined; // built in
  return available.find((l) => l.toLowerCase() === primary) ?? available.find((l) => l.toLowerCase().startsWith(`${primary}-`));
}

/** The page itself: no inline script, nothing for search engines, the editor's own policy. */
export function adminHtml(site: Site, opts: { css: string; locale?: string; base: string }): string {
  const attr = (name: string, value: string | undefined): string => (value === undefined ? '' : ` ${name}="${escapeHtml(value)}"`);
  return `<!doctype html>
<html lang="${escapeHtml(site.language)}" dir="${site.direction}"${attr('data-editor-locale', opts.locale)}${attr('data-site-css', opts.css)}${attr('data-preview-css', `${opts.base}preview.css`)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(ADMIN_CSP)}">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(site.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(opts.base)}editor.css">
<script src="${escapeHtml(opts.base)}setup.js"></script>
<script src="${escapeHtml(opts.base)}${SCRIPT_FILE}"></script>
<script src="${escapeHtml(opts.base)}preview.js"></script>
</head>
<body></body>
</html>
`;
}
