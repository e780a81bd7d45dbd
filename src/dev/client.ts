// What `midad dev` adds to the browser, and only there: a script that listens to the dev
// server's events (Server-Sent Events) to reload the page or show the error overlay, and the
// overlay's stylesheet. Both are files served by the dev server under /__midad/, so a site's
// Content-Security-Policy of `script-src 'self'; style-src 'self'` lets them run.

import type { OverlayText } from './words.js';

/** URL prefix of everything the dev server serves besides the site. */
export const DEV_PREFIX = '/__midad/';
export const SCRIPT_PATH = `${DEV_PREFIX}reload.js`;
export const STYLE_PATH = `${DEV_PREFIX}overlay.css`;
export const EVENTS_PATH = `${DEV_PREFIX}events`;

/** The tag put before `</body>` of every HTML page the dev server sends. */
export function scriptTag(build: string): string {
  return `<script src="${SCRIPT_PATH}" data-midad-build="${build}" defer></script>`;
}

/** Adds the reload script to an HTML page (before `</body>`, or at the end). */
export function injectScript(html: string, build: string): string {
  const tag = scriptTag(build);
  const at = html.toLowerCase().lastIndexOf('</body>');
  return at < 0 ? html + tag : html.slice(0, at) + tag + html.slice(at);
}

/**
 * The browser side, with the overlay's words in the run's language. Events: `hello` on connect
 * ({build}: the output now served; a page made by another build reloads), `reload` after a good
 * rebuild, `build-error` ({errors, title}) after a failed one. The page is never replaced by
 * the error: the overlay sits over the last good page.
 */
export function reloadScript(text: OverlayText): string {
  return `// midad dev: live reload and the error overlay (served by "midad dev" only).
(function () {
  'use strict';
  var text = ${JSON.stringify(text)};
  var me = document.querySelector('script[data-midad-build]');
  var loaded = me ? me.getAttribute('data-midad-build') : '';
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '${STYLE_PATH}';
  document.head.appendChild(css);

  var source = new EventSource('${EVENTS_PATH}');
  source.addEventListener('hello', function (e) {
    var d = JSON.parse(e.data);
    if (d.build !== loaded) return location.reload();
    // Connected, and showing what is served (a mark for people and tests to see).
    document.documentElement.setAttribute('data-midad-dev', 'live');
  });
  source.addEventListener('reload', function () { location.reload(); });
  source.addEventListener('build-error', function (e) { show(JSON.parse(e.data)); });

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function hide() {
    var old = document.getElementById('midad-overlay');
    if (old) old.remove();
  }
  function show(d) {
    hide();
    var errors = d.errors || [];
    var box = el('div', 'midad-overlay');
    box.id = 'midad-overlay';
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('dir', text.dir);
    box.setAttribute('lang', text.lang);
    var panel = el('div', 'midad-panel');
    var close = el('button', 'midad-close', '\\u00d7');
    close.type = 'button';
    close.setAttribute('aria-label', text.close);
    close.addEventListener('click', hide);
    panel.appendChild(close);
    var title = el('h2', 'midad-title', d.title);
    title.id = 'midad-overlay-title';
    box.setAttribute('aria-labelledby', title.id);
    panel.appendChild(title);
    panel.appendChild(el('p', 'midad-note', text.note));
    errors.forEach(function (x) {
      var item = el('section', 'midad-error');
      // A path and a code frame read left to right whatever the language around them.
      var where = el('p', 'midad-where', x.file + ':' + x.line + ':' + x.column);
      where.setAttribute('dir', 'ltr');
      item.appendChild(where);
      item.appendChild(el('p', 'midad-message', (x.severity === 'warning' ? text.warning : text.error) + ': ' + x.message));
      if (x.frame) {
        var frame = el('pre', 'midad-frame', x.frame);
        frame.setAttribute('dir', 'ltr');
        item.appendChild(frame);
      }
      panel.appendChild(item);
    });
    box.appendChild(panel);
    document.body.appendChild(box);
    close.focus();
  }
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') hide(); });
})();
`;
}

export const OVERLAY_CSS = `.midad-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.88);color:#f4f4f5;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left;direction:ltr}
.midad-panel{position:relative;max-width:60rem;margin:4vh auto;padding:1.5rem 2rem;background:#1f1f24;border-top:4px solid #ef4444;border-radius:6px;box-shadow:0 10px 40px rgba(0,0,0,.5)}
.midad-title{margin:0 0 .25rem;font-size:1.25rem;color:#fca5a5}
.midad-overlay[dir=rtl]{text-align:right;direction:rtl;font-family:system-ui,sans-serif}
.midad-note{margin:0 0 .5rem;color:#a1a1aa}
.midad-error{margin:1rem 0;padding-top:.75rem;border-top:1px solid #3f3f46}
.midad-where{margin:0;color:#93c5fd;font-weight:bold;text-align:left;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.midad-message{margin:.25rem 0;unicode-bidi:plaintext;white-space:pre-wrap}
.midad-frame{margin:.5rem 0 0;padding:.75rem;overflow:auto;background:#111114;border-radius:4px;unicode-bidi:plaintext;text-align:left;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.midad-close{position:absolute;top:.5rem;right:.75rem;border:0;background:none;color:#f4f4f5;font-size:1.75rem;cursor:pointer}
.midad-overlay[dir=rtl] .midad-close{right:auto;left:.75rem}
`;
