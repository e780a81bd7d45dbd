// `midad dev` (issue 5, item 3): builds the site with drafts and future articles into a
// temporary folder, serves it on 127.0.0.1, and rebuilds when content/ or templates/ change.
// Open pages reload after a good build; after a failed one the terminal shows the positioned
// errors, the browser an overlay, and the last good pages are still served (a failed build
// leaves the output folder as it was, contract §1). Each rebuild is simply `build()` again:
// what it may skip is build()'s business (the incremental cache, issue 5 item 4).

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildResult } from '../build.js';
import { readSourceText } from '../content/source-text.js';
import { LockedError } from '../output/lock.js';
import { t } from '../messages/index.js';
import { codeFrame, formatReport, type Diagnostic } from '../diagnostics.js';
import { count, createReporter } from '../reporter.js';
import { DEV_PREFIX, EVENTS_PATH, injectScript, OVERLAY_CSS, RELOAD_JS, SCRIPT_PATH, STYLE_PATH } from './client.js';
import { onStopRequest } from './lifecycle.js';
import { createLiveReload, type OverlayError } from './live-reload.js';
import { DEFAULT_HOST, isOwnHost, isWildcard, ownNames, urlHost } from './host.js';
import { serveStatic } from './static.js';
import { watchSite, WATCHED, type SiteWatcher } from './watch.js';

export interface DevOptions {
  /** Absolute site root. */
  root: string;
  /** TCP port; 0 picks a free one (the start message names it). */
  port: number;
  /** Address to listen on (--host); default 127.0.0.1, this machine only. */
  host?: string;
  /** The build's clock: a fixed instant (MIDAD_NOW) or the wall clock, read at each build. */
  now: Date | (() => Date);
  quiet?: boolean;
  verbose?: boolean;
  /** Quiet time after the last change before a rebuild, in milliseconds (default 100). */
  debounceMs?: number;
}

/** Only this address unless --host says otherwise: drafts must not leak to the network. */
export const HOST = DEFAULT_HOST;

/** Serves until SIGINT, SIGTERM, SIGHUP or the death of its parent (src/dev/lifecycle.ts); resolves with the exit status (2 when the port is taken). */
export async function startDevServer(opts: DevOptions): Promise<number> {
  const out = { say: (s: string) => { if (!opts.quiet) process.stdout.write(`${s}\n`); }, err: (s: string) => process.stderr.write(s) };
  let markReady = (): void => undefined;
  // Requests wait for the first build: until then the folder is empty.
  const state = { ready: new Promise<void>((r) => (markReady = r)), served: '', failed: false };
  const live = createLiveReload();
  let outDir = '';
  let port = 0;
  const bindHost = opts.host ?? HOST;
  const names = ownNames(bindHost);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`midad dev: ${(err as Error)?.message ?? String(err)}\n`);
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // A page of this server may only be asked for by its own name (no DNS rebinding to drafts).
    if (!isOwnHost(req.headers.host, names, port)) return plain(res, 403, 'forbidden host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed\n');
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname.startsWith(DEV_PREFIX)) {
      if (pathname === EVENTS_PATH) return live.connect(req, res);
      if (pathname === SCRIPT_PATH) return plain(res, 200, RELOAD_JS, 'text/javascript; charset=utf-8');
      if (pathname === STYLE_PATH) return plain(res, 200, OVERLAY_CSS, 'text/css; charset=utf-8');
      return plain(res, 404, 'not found\n');
    }
    await state.ready;
    const served = state.served;
    return serveStatic(outDir, req, res, (html) => injectScript(html, served), () => fallbackPage(state.failed));
  };

  const shownHost = urlHost(bindHost);
  const bound = await listen(server, opts.port, bindHost).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE'
      ? `port ${opts.port} on ${shownHost} is already in use (another "midad dev"?); stop it or choose another port with --port N`
      : err.code === 'EACCES'
        ? `port ${opts.port} on ${shownHost} needs privileges this user does not have; choose a port above 1023 with --port N`
        : `cannot listen on ${shownHost}:${opts.port}: ${err.message}`;
    out.err(`midad: ${why}\n`);
    return undefined;
  });
  if (bound === undefined) return 2;
  port = bound;
  // A request Node cannot parse (a target without its leading slash, a bad header) gets a
  // plain 400 rather than a dropped connection.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  outDir = await mkdtemp(path.join(os.tmpdir(), 'midad-dev-'));
  // On every interface the pages are still built for, and opened at, this machine's own address.
  const origin = `http://${isWildcard(bindHost) ? DEFAULT_HOST : shownHost}:${port}/`;
  // Always printed, even with --quiet: it is how a person (and a test) finds the server.
  process.stdout.write(`midad dev: serving ${origin} (drafts and future articles shown, marked as such)\n`);
  if (opts.verbose) out.say(`midad dev: building into ${outDir}`);

  const session = randomBytes(4).toString('hex');
  let builds = 0;
  const clock = typeof opts.now === 'function' ? opts.now : ((fixed: Date) => () => fixed)(opts.now);
  const reporter = createReporter({ quiet: Boolean(opts.quiet), verbose: Boolean(opts.verbose) });

  /** One build into the served folder, reported to the terminal and the open pages. */
  const runBuild = async (changed: string[]): Promise<void> => {
    const id = `${session}-${++builds}`;
    if (changed.length && opts.verbose) for (const f of changed) out.say(`midad dev: changed ${f}`);
    let result: BuildResult;
    try {
      result = await build({ root: opts.root, out: outDir, baseUrl: origin, drafts: true, future: true, clean: false, write: true, now: clock(), progress: reporter.progress });
    } catch (err) {
      reporter.endProgress();
      if (err instanceof LockedError) {
        // Another build (a `midad build` in another terminal) kept the site: the next change tries again.
        out.err(`midad dev: ${t('en', 'build-locked', { file: err.file, pid: err.holder?.pid ?? '?', host: err.holder?.host ?? '?', since: err.holder?.since ?? '?', waited: err.waitedSeconds })}\n`);
        return;
      }
      // A bug in midad: say so plainly, keep serving the last good pages.
      out.err(`midad: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      state.failed = true;
      live.fail(state.served, [{ file: 'midad', line: 1, column: 1, severity: 'error', message: `internal error: ${(err as Error)?.message ?? String(err)} (see the terminal)` }]);
      return;
    }
    reporter.endProgress();
    const lookup = sourceLookup(opts.root, result);
    if (!result.ok) {
      out.err(formatReport(result.diagnostics, lookup));
      const n = result.diagnostics.filter((d) => d.severity === 'error').length;
      out.err(`midad dev: ${count(n, 'error')}; ${state.served ? 'the last good pages are still served' : 'the site will be served once they are fixed'}\n`);
      state.failed = true;
      live.fail(state.served, result.diagnostics.map((d) => overlayError(d, lookup)));
      return;
    }
    // Warnings are shown, but do not stop the reload.
    if (result.diagnostics.length) out.err(formatReport(result.diagnostics, lookup));
    const f = result.stats.files;
    const changedOutput = !f || f.written + f.removed > 0 || !state.served;
    if (changedOutput) state.served = id;
    out.say(summaryLine(result, changed, Boolean(opts.verbose)));
    if (changedOutput || state.failed) live.reload(state.served);
    state.failed = false;
  };

  // Builds run one at a time; changes that arrive meanwhile make one more build after it.
  let running: Promise<void> | undefined;
  let queued: string[] | undefined;
  let stopping = false;
  const schedule = (files: string[]): void => {
    if (stopping) return;
    if (running) {
      queued = [...new Set([...(queued ?? []), ...files])];
      return;
    }
    running = runBuild(files).finally(() => {
      running = undefined;
      const next = queued;
      queued = undefined;
      if (next) schedule(next);
    });
  };

  let watcher: SiteWatcher | undefined;
  let stopped = (_code: number): void => undefined;
  const done = new Promise<number>((resolve) => (stopped = resolve));
  const stop = (): void => {
    // A second Ctrl+C ends the process at once (Node's default, once our handlers are gone).
    release();
    stopping = true;
    void (async () => {
      await watcher?.close();
      await running?.catch(() => undefined);
      live.close();
      markReady();
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
      await rm(outDir, { recursive: true, force: true });
      out.say('midad dev: stopped');
      stopped(0);
    })();
  };
  const release = onStopRequest(stop);

  try {
    watcher = await watchSite({
      root: opts.root, debounceMs: opts.debounceMs ?? 100, onChange: schedule,
      onError: (err) => out.err(`midad dev: watching failed: ${err.message}${/ENOSPC|EMFILE/.test(err.message) ? ' (raise the limit of watched files: fs.inotify.max_user_watches)' : ''}\n`),
    });
    if (stopping) await watcher.close(); // stopped while the watcher was starting
  } catch (err) {
    out.err(`midad dev: cannot watch ${WATCHED.join('/, ')}/: ${(err as Error).message}; pages will not rebuild\n`);
  }
  if (!stopping) {
    schedule([]);
    await running;
    markReady();
    out.say(`midad dev: watching ${WATCHED.map((d) => `${d}/`).join(' and ')}; press Ctrl+C to stop`);
  }
  return done;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host.replace(/^\[|\]$/g, ''), () => {
      server.removeListener('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

function plain(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** What is shown for a missing page, also before the first good build. */
function fallbackPage(failed: boolean): string {
  const text = failed
    ? 'The site has errors and no good build yet: see the terminal. This page reloads when they are fixed.'
    : 'Not found.';
  return `<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>midad dev</title></head>\n<body><h1>midad dev</h1><p>${text}</p></body></html>\n`;
}

/** The source of files that diagnostics point into, for code frames. */
function sourceLookup(root: string, result: BuildResult): (file: string) => string | undefined {
  return (file) => {
    const known = result.sources.get(file);
    if (known !== undefined) return known;
    return readSourceText(root, file);
  };
}

function overlayError(d: Diagnostic, lookup: (file: string) => string | undefined): OverlayError {
  const src = lookup(d.file);
  const frame = d.frame ?? (src !== undefined ? codeFrame(src, d.line, d.column) : '');
  return { file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message, ...(frame ? { frame } : {}) };
}

function summaryLine(result: BuildResult, changed: string[], verbose: boolean): string {
  const s = result.stats;
  const time = s.ms < 1000 ? `${Math.round(s.ms)} ms` : `${(s.ms / 1000).toFixed(2)} s`;
  const files = s.files ? `; files: ${s.files.written} written, ${s.files.removed} removed` : '';
  if (!changed.length) return `midad dev: built ${count(s.articles, 'article')}, ${count(s.pages, 'page')}, ${count(s.images, 'image')} in ${time}${files}`;
  const what = changed.length === 1 || verbose ? changed.join(', ') : `${changed[0]} and ${changed.length - 1} more`;
  return `midad dev: rebuilt after ${what} in ${time}${files}`;
}
