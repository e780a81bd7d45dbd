// Serves the built site from the dev server's output folder the way a static host does:
// `/a/` → `a/index.html`, `/a` → a redirect to `/a/` when it is a folder, a missing page →
// `404.html` with status 404. Percent-encoded (Arabic) paths are decoded once; nothing outside
// the folder is ever read, however the path is written (`%2e%2e`, `..%2f`, a backslash, a NUL)
// and wherever a symbolic link in the folder points. HTML pages get the live-reload script
// (src/dev/client.ts).

import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  // The web editor's configuration (/admin/config.yml), which it reads only with a YAML type.
  '.yml': 'text/yaml; charset=utf-8',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export const contentType = (file: string): string => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Turns HTML into what is sent (the dev server adds its script). */
export type HtmlFilter = (html: string) => string;

/** The file a URL path names inside `root`, or undefined when it cannot be inside it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  // No page of a built site has a backslash or a NUL in its name; on Windows a backslash
  // would be a separator, so it is refused everywhere rather than read as one.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return undefined;
  const file = path.join(root, ...decoded.normalize('NFC').split('/'));
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/** Answers one GET or HEAD request from the folder `root`. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, html: HtmlFilter, notFound: () => string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const file = resolveInside(root, url.pathname);
  if (!file) return send(req, res, 400, 'text/plain; charset=utf-8', 'bad request\n');
  // midad's own files in the output (the manifest) are not part of the site.
  if (path.relative(root, file).split(path.sep).some((s) => s.startsWith('.'))) return sendFile(req, res, path.join(root, '404.html'), 404, html, notFound, root);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { Location: `${url.pathname}/${url.search}`, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    return sendFile(req, res, path.join(file, 'index.html'), 200, html, notFound, root);
  }
  return sendFile(req, res, file, 200, html, notFound, root);
}

/** `file` with its links followed, when that is still inside `root` (links followed too). */
async function realInside(root: string, file: string): Promise<string | undefined> {
  const [realRoot, real] = await Promise.all([realpath(root), realpath(file)]).catch(() => [undefined, undefined]);
  if (!realRoot || !real) return undefined;
  return real === realRoot || real.startsWith(realRoot + path.sep) ? real : undefined;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, status: number, html: HtmlFilter, notFound: () => string, root: string): Promise<void> {
  let bytes: Buffer;
  try {
    // A symbolic link in the output that leads out of it is served as missing.
    const real = await realInside(root, file);
    if (!real) throw new Error('outside');
    bytes = await readFile(real);
  } catch {
    if (status === 404) return send(req, res, 404, TYPES['.html']!, html(notFound()));
    return sendFile(req, res, path.join(root, '404.html'), 404, html, notFound, root);
  }
  const type = contentType(file);
  if (type.startsWith('text/html')) return send(req, res, status, type, html(bytes.toString('utf8')));
  return send(req, res, status, type, bytes);
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  // Every answer is fresh: the page changes each time the editor saves.
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
