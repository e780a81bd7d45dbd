// Live reload over Server-Sent Events: every open page keeps one `GET /__midad/events`
// stream; a rebuild sends `reload`, a failed one `build-error` with the positioned errors
// (their messages, and the overlay's heading, already in the run's language).
// A page that connects gets `hello` (and the current errors, if the last build failed).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Diagnostic } from '../diagnostics.js';

/** An error as the overlay shows it: the terminal's line, split, plus the code frame. */
export interface OverlayError {
  file: string;
  line: number;
  column: number;
  severity: Diagnostic['severity'];
  message: string;
  frame?: string;
}

export interface LiveReload {
  /** Answers `GET /__midad/events`. */
  connect(req: IncomingMessage, res: ServerResponse): void;
  /** After a good build: `build` names the output now served; open pages reload. */
  reload(build: string): void;
  /** After a failed build: open pages show the overlay, headed `title`; the output is still `build`'s. */
  fail(build: string, errors: OverlayError[], title: string): void;
  /** Open streams, for the terminal's verbose output and the tests. */
  readonly clients: number;
  /** Ends every stream (shutdown). */
  close(): void;
}

/** Keeps idle streams open through proxies and lets the server notice closed tabs. */
const HEARTBEAT_MS = 25_000;

export function createLiveReload(): LiveReload {
  const clients = new Set<ServerResponse>();
  let current = '';
  let failed: { errors: OverlayError[]; title: string } | undefined;

  const send = (res: ServerResponse, event: string, data: unknown): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const broadcast = (event: string, data: unknown): void => {
    for (const res of clients) send(res, event, data);
  };
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    connect(req, res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      // The browser reconnects by itself after a second (e.g. when `midad dev` restarts).
      res.write('retry: 1000\n\n');
      send(res, 'hello', { build: current });
      if (failed) send(res, 'build-error', { build: current, ...failed });
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    reload(build) {
      current = build;
      failed = undefined;
      broadcast('reload', { build });
    },
    fail(build, errors, title) {
      current = build;
      failed = { errors, title };
      broadcast('build-error', { build, ...failed });
    },
    get clients() {
      return clients.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
