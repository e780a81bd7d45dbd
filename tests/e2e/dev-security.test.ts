// `midad dev` shows drafts, so it must show nothing else and to no one else: raw HTTP requests
// (over a socket, so no client tidies the path or the Host header first) try every way of
// writing a path out of the served folder, symbolic links planted in it, other Host headers
// (DNS rebinding), other addresses of this machine, and a few hundred requests at once.

import assert from 'node:assert/strict';
import { rm, symlink } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeSite, runCli } from '../helpers/site.js';
import { startDev, until, type DevProcess } from './dev-support.js';

/** Text that is only in the site's sources: it must never come back from the server. */
const SECRET = 'SOURCE-ONLY-7f3a9c';

const SITE = `
-- content/site.yml --
# ${SECRET} (a comment: in no page)
title: الفاصل
description: وصف
baseUrl: https://example.org/
sections:
  - slug: news
    name: أخبار
authors:
  - slug: team
    name: الفريق
defaultAuthor: team
-- content/articles/a.md --
---
title: خبر
summary: ملخص
date: 2026-01-24
section: news
---

نص الخبر.
-- secret.txt --
${SECRET}
`;

interface Raw {
  status: number;
  body: string;
}

/** One request written by hand on a fresh connection: the path and Host go out exactly as given. */
function raw(port: number, target: string, host: string | undefined, address = '127.0.0.1'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, address, () => {
      // write, not end: a half-closed connection gets no answer from a server still reading the file.
      sock.write(`GET ${target} HTTP/1.1\r\n${host === undefined ? '' : `Host: ${host}\r\n`}Connection: close\r\n\r\n`);
    });
    let data = '';
    sock.setTimeout(10_000, () => sock.destroy(new Error(`no answer to ${target}`)));
    sock.setEncoding('latin1').on('data', (d: string) => (data += d)).on('error', reject).on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: Buffer.from(data.slice(data.indexOf('\r\n\r\n') + 4), 'latin1').toString('utf8') });
    });
  });
}

/** Whether a TCP connection to address:port is refused. */
function refused(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: address, timeout: 3000 });
    sock.once('connect', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('timeout', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(true));
  });
}

describe('midad dev serves the built site and nothing else', { concurrency: false, timeout: 180_000 }, () => {
  let root = '';
  let dev: DevProcess;
  let outDir = '';
  const own = (): string => `127.0.0.1:${dev.port}`;

  before(async () => {
    root = await makeSite(SITE);
    dev = await startDev(root, ['--verbose']);
    outDir = await until('the output folder in the terminal', 30_000, () => /building into (\S+)/.exec(dev.stdout())?.[1]);
    await until('the first build', 60_000, async () => ((await raw(dev.port, '/', own())).status === 200 ? true : undefined));
    // Links planted in the served folder, leading out of it: to a source file and to a folder.
    await symlink(path.join(root, 'content', 'site.yml'), path.join(outDir, 'leak.txt'));
    await symlink(path.join(root, 'content'), path.join(outDir, 'leakdir'));
    await symlink(root, path.join(outDir, 'rootlink'));
  });
  after(async () => {
    await dev?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('no path reaches outside the built site, however it is written', async () => {
    const targets = [
      '/leak.txt', '/leakdir/site.yml', '/leakdir/', '/rootlink/secret.txt', '/rootlink/content/site.yml', '/rootlink/',
      '/../content/site.yml', '/../../../../etc/passwd', '/../secret.txt',
      '/%2e%2e/content/site.yml', '/%2E%2E/%2E%2E/%2E%2E/etc/passwd', '/.%2e/secret.txt', '/%2e%2e%2fsecret.txt',
      '/..%2fcontent%2fsite.yml', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '..%2fsecret.txt', '/a/..%2f..%2fsecret.txt',
      '/..\\secret.txt', '/..\\..\\etc\\passwd', '/%5c..%5csecret.txt', '/..%5c..%5csecret.txt', '/%5C%2E%2E%5Csecret.txt',
      '/index.html%00', '/%00../secret.txt', '/secret.txt%00.html', '/..%00/secret.txt',
      '/%252e%252e/secret.txt', '/%252e%252e%252fsecret.txt', '/%25%32%65%25%32%65/secret.txt',
      '/%c0%ae%c0%ae/secret.txt', '/%c0%af', '/%e0%80%ae%e0%80%ae/secret.txt',
      '//etc/passwd', '///../secret.txt', 'http://127.0.0.1/../secret.txt',
      '/content/site.yml', '/secret.txt', '/.midad-cache/', '/.midad-cache/build/index', '/%2emidad-cache/',
    ];
    for (const target of targets) {
      const r = await raw(dev.port, target, own());
      assert.ok([301, 400, 403, 404].includes(r.status), `${target}: status ${r.status}`);
      assert.ok(!r.body.includes(SECRET), `${target}: the source's text came back`);
      assert.doesNotMatch(r.body, /root:x?:0:0/, `${target}: /etc/passwd came back`);
    }
    // …and the site itself is still there.
    assert.equal((await raw(dev.port, '/', own())).status, 200);
  });

  test('only its own names: other Host headers are refused (DNS rebinding)', async () => {
    for (const host of ['attacker.example', `attacker.example:${dev.port}`, `127.0.0.1.nip.io:${dev.port}`, `localhost.attacker.example:${dev.port}`,
      `127.0.0.1:${dev.port + 1}`, `localhost:${dev.port}@attacker.example`, `127.0.0.1`, '', undefined]) {
      const r = await raw(dev.port, '/', host);
      assert.ok(r.status === 403 || r.status === 400 || r.status === 421, `Host ${JSON.stringify(host)}: status ${r.status}`);
      assert.ok(!r.body.includes('<h1'), `Host ${JSON.stringify(host)}: a page came back`);
    }
    for (const host of [`127.0.0.1:${dev.port}`, `localhost:${dev.port}`, `LOCALHOST:${dev.port}`, `[::1]:${dev.port}`]) {
      assert.equal((await raw(dev.port, '/', host)).status, 200, `Host ${host}`);
    }
  });

  test('it listens on 127.0.0.1 only', async (t) => {
    const others = Object.values(os.networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4').map((a) => a!.address);
    assert.equal(await refused('::1', dev.port), true, 'reachable on ::1');
    if (!others.length) {
      t.diagnostic('this machine has no address besides loopback: only ::1 was tried');
      return;
    }
    for (const address of others) assert.equal(await refused(address, dev.port), true, `reachable on ${address}`);
  });

  test('300 requests at once are all answered, and it answers after them', async () => {
    const paths = ['/', '/articles/2026/01/24/a/', '/news/', '/missing/', '/../secret.txt', '/feed.xml'];
    const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: dev.port, path: paths[i % paths.length], agent, timeout: 60_000 }, (res) => {
        res.resume().on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('timeout', () => req.destroy(new Error('timed out'))).on('error', reject).end();
    })));
    agent.destroy();
    assert.equal(statuses.length, 300);
    assert.ok(statuses.every((s) => s === 200 || s === 404 || s === 400), `statuses: ${[...new Set(statuses)].join(', ')}`);
    assert.equal(statuses.filter((s) => s === 200).length, 200);
    assert.equal((await raw(dev.port, '/', own())).status, 200);
    assert.equal(dev.child.exitCode, null, 'the server exited');
  });
});

describe('midad dev --host', { concurrency: false, timeout: 120_000 }, () => {
  test('listens where it is told, and answers to that name', async (t) => {
    const root = await makeSite(SITE);
    t.after(() => rm(root, { recursive: true, force: true }));
    // All of 127.0.0.0/8 is this machine on Linux; another address shows --host is used.
    const dev = await startDev(root, ['--host', '127.0.0.2']);
    t.after(() => dev.stop());
    assert.match(dev.stdout(), /serving http:\/\/127\.0\.0\.2:\d+\//);
    await until('the first build', 60_000, async () => ((await raw(dev.port, '/', `127.0.0.2:${dev.port}`, '127.0.0.2')).status === 200 ? true : undefined));
    assert.equal((await raw(dev.port, '/', `attacker.example:${dev.port}`, '127.0.0.2')).status, 403);
    assert.equal(await refused('127.0.0.1', dev.port), true, 'still reachable on 127.0.0.1');
  });

  test('a --host that is not an address is wrong usage', async () => {
    const r = await runCli(['dev', '--host', 'a b/c', '--port', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--host must be an address/);
  });
});
