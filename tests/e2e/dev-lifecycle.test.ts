// `midad dev` stops, and removes its temporary folder, when its terminal closes (SIGHUP) and
// when the process that started it dies: `npx midad dev` is midad under npx, and a terminal
// or IDE that ends the session sends TERM to npx alone. A wrapper parent plays npx here.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { describe, test } from 'node:test';
import { CLI, makeSite, NOW } from '../helpers/site.js';
import { startDev, until } from './dev-support.js';

const SITE = {
  'content/site.yml': 'title: الفاصل\ndescription: موقع للاختبار\nbaseUrl: https://example.org/\nsections:\n  - slug: security\n    name: أمن\n',
  'content/articles/a.md': '---\ntitle: خبر\nsummary: ملخص\ndate: 2026-01-24\nsection: security\n---\n\nنص.\n',
};

/** Whether something answers on 127.0.0.1:port (a bounded wait). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', headers: { host: `127.0.0.1:${port}` }, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Like npx: runs `midad dev` as its child, sharing its output, and passes no signal on. */
const WRAPPER = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
process.stderr.write('child pid ' + child.pid + '\\n');
setInterval(() => {}, 1000);
`;

describe('midad dev: stops with its terminal and its parent', { concurrency: false, timeout: 120_000 }, () => {
  test('SIGHUP (the terminal closed): exit 0, its temporary folder removed', async () => {
    const root = await makeSite(SITE);
    const dev = await startDev(root, ['--verbose']);
    const out = await until('the output folder', 30_000, () => /building into (.+)$/m.exec(dev.stdout())?.[1]);
    await until('the first build', 30_000, () => (/watching content\//.test(dev.stdout()) ? true : undefined));
    const code = await dev.stop('SIGHUP');
    assert.equal(code, 0, dev.stderr());
    assert.equal(existsSync(out), false);
    assert.equal(await answers(dev.port), false);
  });

  test('TERM to the parent that started it (as to npx): the server stops answering and its folder is removed', async () => {
    const root = await makeSite(SITE);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MIDAD_LANG: 'en', MIDAD_NOW: NOW };
    delete env.NODE_TEST_CONTEXT;
    const parent = spawn(process.execPath, ['-e', WRAPPER, CLI, 'dev', '--root', root, '--port', '0', '--verbose'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    parent.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    parent.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let childPid = 0;
    try {
      childPid = await until('the child pid', 10_000, () => Number(/child pid (\d+)/.exec(stderr)?.[1]) || undefined);
      const port = await until('the URL', 30_000, () => Number(/serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout)?.[1]) || undefined);
      const out = await until('the output folder', 30_000, () => /building into (.+)$/m.exec(stdout)?.[1]);
      await until('the first build', 30_000, () => (/watching content\//.test(stdout) ? true : undefined));
      assert.equal(await answers(port), true);
      parent.kill('SIGTERM');
      await until('the server to stop answering', 10_000, async () => ((await answers(port)) ? undefined : true));
      await until('its folder to be removed', 10_000, () => (existsSync(out) ? undefined : true));
      await until('midad to exit', 10_000, () => {
        try {
          process.kill(childPid, 0);
          return undefined;
        } catch {
          return true;
        }
      });
    } finally {
      parent.kill('SIGKILL');
      if (childPid) {
        try {
          process.kill(childPid, 'SIGKILL');
        } catch {
          // already gone, as it should be
        }
      }
    }
  });
});
