// Helpers for the `midad dev` tests: start the real CLI on a free port of 127.0.0.1, read its
// start message for the URL, listen to its Server-Sent Events, and always stop it. Every wait
// is bounded, so a broken server fails a test instead of hanging the suite.

import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLI, NOW } from '../helpers/site.js';

export interface DevProcess {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and waits (bounded) for the exit; resolves with the exit code, or the signal's name. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Waits until `check` returns a value that is not undefined, or fails after `ms`. */
export async function until<T>(what: string, ms: number, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Starts `midad dev --root root --port 0 …args`; resolves once it has printed its URL. */
export async function startDev(root: string, args: string[] = [], env: Record<string, string> = {}): Promise<DevProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MIDAD_LANG: 'en', MIDAD_NOW: NOW, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, [CLI, 'dev', '--root', root, '--port', '0', ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => {
    running.delete(child);
    resolve(code ?? signal ?? -1);
  }));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> => {
    if (!gone) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    const url = await until('the start message', 30_000, () => {
      if (gone) throw new Error(`midad dev exited early:\n${err}${out}`);
      // The start line's words follow --lang; its URL does not.
      return /^midad dev: \D*(http:\/\/[^/\s]+:(\d+)\/)/m.exec(out)?.[1];
    });
    return { url, port: Number(new URL(url).port), child, stdout: () => out, stderr: () => err, stop };
  } catch (e) {
    await stop('SIGKILL');
    throw e;
  }
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** An open `GET /__midad/events` stream that records every event. */
export interface EventStream {
  events: SseEvent[];
  /** The first event from index `from` on that passes `match`. */
  next(what: string, match: (e: SseEvent) => boolean, from?: number, ms?: number): Promise<SseEvent>;
  close(): void;
}

export async function listen(url: string): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(new URL('__midad/events', url), { signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`events: HTTP ${res.status}`);
  const events: SseEvent[] = [];
  let buffer = '';
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString('utf8');
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) });
        }
      }
    } catch {
      // aborted, or the server went away
    }
  })();
  return {
    events,
    next: (what, match, from = 0, ms = 30_000) => until(what, ms, () => events.slice(from).find(match)),
    close: () => abort.abort(),
  };
}

/** GET a path of the dev server: status and text. */
export async function get(url: string, p: string): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(new URL(p, url), { redirect: 'manual' });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** Rewrites a site file as an editor's save does. */
export function save(root: string, rel: string, text: string): Promise<void> {
  return writeFile(path.join(root, ...rel.split('/')), text);
}
