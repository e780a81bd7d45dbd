// `midad dev`: builds the site with drafts and future articles into a
// temporary folder, serves it on 127.0.0.1, and rebuilds when content/ or templates/ change.
// Open pages reload after a good build; after a failed one the terminal shows the positioned
// errors, the browser an overlay, and the last good pages are still served (a failed build
// leaves the output folder as it was). Each rebuild is simply `build()` again:
// what it may skip is build()'s business (the incremental cache).

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildResult } from '../build.js';
import { readSourceText } from '../content/source-text.js';
import { LockedError } from '../output/lock.js';
import { codeFrame, formatReport, messageIn, type Diagnostic } from '../diagnostics.js';
import { render, t, type Lang } from '../messages/index.js';
import { failureLine, failureOf } from '../failure.js';
import { createReporter } from '../reporter.js';
import { DEV_PREFIX, EVENTS_PATH, injectScript, OVERLAY_CSS, reloadScript, SCRIPT_PATH, STYLE_PATH } from './client.js';
import { onStopRequest } from './lifecycle.js';
import { createLiveReload, type OverlayError } from './live-reload.js';
import { DEFAULT_HOST, isOwnHost, isWildcard, ownNames, urlHost } from './host.js';
import { serveStatic } from './static.js';
import { watchSite, type SiteWatcher } from './watch.js';
import { fallbackPage, listenProblem, overlayText, overlayTitle, summaryLine, watchedFolders } from './words.js';

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
  /** The language of its messages, in the terminal and the browser (default English). */
  lang?: Lang;
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
  const lang = opts.lang ?? 'en';
  const script = reloadScript(overlayText(lang));

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`midad dev: ${t(lang, 'internal-error', { detail: (err as Error)?.message ?? String(err) })}\n`);
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // A page of this server may only be asked for by its own name (no DNS rebinding to drafts).
    if (!isOwnHost(req.headers.host, names, port)) return plain(res, 403, `${t(lang, 'dev-forbidden-host')}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, `${t(lang, 'dev-bad-method')}\n`);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname.startsWith(DEV_PREFIX)) {
      if (pathname === EVENTS_PATH) return live.connect(req, res);
      if (pathname === SCRIPT_PATH) return plain(res, 200, script, 'text/javascript; charset=utf-8');
      if (pathname === STYLE_PATH) return plain(res, 200, OVERLAY_CSS, 'text/css; charset=utf-8');
      return plain(res, 404, `${t(lang, 'dev-not-found')}\n`);
    }
    await state.ready;
    const served = state.served;
    return serveStatic(outDir, req, res, (html) => injectScript(html, served), () => fallbackPage(state.failed, lang));
  };

  const shownHost = urlHost(bindHost);
  const bound = await listen(server, opts.port, bindHost).catch((err: NodeJS.ErrnoException) => {
    out.err(`midad: ${listenProblem(err, opts.port, shownHost, lang)}\n`);
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
  process.stdout.write(`midad dev: ${t(lang, 'dev-serving', { origin })}\n`);
  if (opts.verbose) out.say(`midad dev: ${t(lang, 'dev-building-into', { dir: outDir })}`);

  const session = randomBytes(4).toString('hex');
  let builds = 0;
  const clock = typeof opts.now === 'function' ? opts.now : ((fixed: Date) => () => fixed)(opts.now);
  const reporter = createReporter({ quiet: Boolean(opts.quiet), verbose: Boolean(opts.verbose), lang });

  /** One build into the served folder, reported to the terminal and the open pages. */
  const runBuild = async (changed: string[]): Promise<void> => {
    const id = `${session}-${++builds}`;
    if (changed.length && opts.verbose) for (const f of changed) out.say(`midad dev: ${t(lang, 'dev-changed', { file: f })}`);
    let result: BuildResult;
    try {
      result = await build({ root: opts.root, out: outDir, baseUrl: origin, drafts: true, future: true, clean: false, write: true, now: clock(), progress: reporter.progress });
    } catch (err) {
      reporter.endProgress();
      const failure = failureOf(err);
      // Another build (a `midad build` in another terminal) kept the site: the next change tries again.
      if (failure instanceof LockedError) {
        out.err(failureLine(failure, 'midad dev', lang));
        return;
      }
      // Not the content's (Pagefind, the disk) or a bug in midad: said plainly, the last good pages still served.
      if (failure) out.err(failureLine(failure, 'midad dev', lang));
      else out.err(`midad: ${t(lang, 'internal-error', { detail: (err as Error)?.stack ?? String(err) })}\n`);
      state.failed = true;
      const message = failure ? render(failure.text, lang) : t(lang, 'dev-internal-error', { detail: (err as Error)?.message ?? String(err) });
      live.fail(state.served, [{ file: 'midad', line: 1, column: 1, severity: 'error', message }], overlayTitle(1, lang));
      return;
    }
    reporter.endProgress();
    const lookup = sourceLookup(opts.root, result);
    if (!result.ok) {
      out.err(formatReport(result.diagnostics, lookup, true, lang));
      const n = result.diagnostics.filter((d) => d.severity === 'error').length;
      out.err(`midad dev: ${t(lang, 'dev-errors', { errors: t(lang, 'count-errors', { n }), served: Boolean(state.served) })}\n`);
      state.failed = true;
      live.fail(state.served, result.diagnostics.map((d) => overlayError(d, lookup, lang)), overlayTitle(n, lang));
      return;
    }
    // Warnings are shown, but do not stop the reload.
    if (result.diagnostics.length) out.err(formatReport(result.diagnostics, lookup, true, lang));
    const f = result.stats.files;
    const changedOutput = !f || f.written + f.removed > 0 || !state.served;
    if (changedOutput) state.served = id;
    out.say(summaryLine(result, changed, Boolean(opts.verbose), lang));
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
      out.say(`midad dev: ${t(lang, 'dev-stopped')}`);
      stopped(0);
    })();
  };
  const release = onStopRequest(stop);

  try {
    watcher = await watchSite({
      root: opts.root, debounceMs: opts.debounceMs ?? 100, onChange: schedule,
      onError: (err) => out.err(`midad dev: ${t(lang, 'dev-watch-failed', { reason: err.message, limit: /ENOSPC|EMFILE/.test(err.message) })}\n`),
    });
    if (stopping) await watcher.close(); // stopped while the watcher was starting
  } catch (err) {
    out.err(`midad dev: ${t(lang, 'dev-cannot-watch', { dirs: watchedFolders(lang), reason: (err as Error).message })}\n`);
  }
  if (!stopping) {
    schedule([]);
    await running;
    markReady();
    out.say(`midad dev: ${t(lang, 'dev-watching', { dirs: watchedFolders(lang) })}`);
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

/** The source of files that diagnostics point into, for code frames. */
function sourceLookup(root: string, result: BuildResult): (file: string) => string | undefined {
  return (file) => {
    const known = result.sources.get(file);
    if (known !== undefined) return known;
    return readSourceText(root, file);
  };
}

function overlayError(d: Diagnostic, lookup: (file: string) => string | undefined, lang: Lang): OverlayError {
  const src = lookup(d.file);
  const frame = d.frame ?? (src !== undefined ? codeFrame(src, d.line, d.column) : '');
  return { file: d.file, line: d.line, column: d.column, severity: d.severity, message: messageIn(d, lang), ...(frame ? { frame } : {}) };
}
