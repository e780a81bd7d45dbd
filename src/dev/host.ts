// Where `midad dev` listens and which Host headers it answers. It shows drafts and scheduled
// articles, so by default only this machine reaches it (127.0.0.1), and a page is served only
// when the browser asked for it by one of the server's own names: a web page elsewhere that
// points a name it controls at 127.0.0.1 (DNS rebinding) gets a refusal, not the drafts.

import { isIP } from 'node:net';
import os from 'node:os';

/** The address `midad dev` listens on unless --host names another. */
export const DEFAULT_HOST = '127.0.0.1';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Whether `host` is an address on every interface (0.0.0.0, ::). */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** `::1` → `[::1]`: a host as it is written in a URL and a Host header. */
export function urlHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) === 6 ? `[${bare}]` : bare.toLowerCase();
}

/** The names (as in a Host header, without the port) a server listening on `bindHost` answers to. */
export function ownNames(bindHost: string): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (isWildcard(bindHost)) {
    // Every address of this machine: the ones a colleague on the network can type.
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(urlHost(a.address.replace(/%.*$/, '')));
  } else {
    names.add(urlHost(bindHost));
  }
  return names;
}

/** Whether a request's Host header is `name:port` for one of `names` (the port may be left out only for 80). */
export function isOwnHost(header: string | undefined, names: Set<string>, port: number): boolean {
  if (!header) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(header.trim());
  if (!m) return false;
  const p = m[2] === undefined ? 80 : Number(m[2]);
  return p === port && names.has(urlHost(m[1]!.replace(/\.$/, '')));
}
