// midad speaks the editor's language everywhere it speaks: --help and each command's help,
// the command line's own refusals, and `midad dev` in the terminal and in the browser (the
// page before a good build, the overlay's words and direction). Option names, command
// syntax, URLs and the `path:line:col: error:` form stay as they are in both languages.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { makeSite, runCli } from '../helpers/site.js';
import { get, listen, save, startDev, until, type DevProcess, type EventStream } from './dev-support.js';

const ARABIC = /[\u0600-\u06ff]/;
const COMMANDS = ['build', 'check', 'dev', 'init', 'new'];

const SITE = {
  'content/site.yml': 'title: الفاصل\ndescription: وصف\nbaseUrl: https://example.org/\nlanguage: ar\nsections:\n  - slug: security\n    name: أمن\nauthors:\n  - slug: team\n    name: الفريق\ndefaultAuthor: team\n',
  'content/articles/a.md': '---\ntitle: العنوان الأول\nsummary: ملخص الخبر\ndate: 2026-01-24\nsection: security\n---\n\nنص الخبر.\n',
};
const A = 'content/articles/a.md';
const broken = '---\ntitle: عنوان\nsummary: ملخص الخبر\ndate: 2026-01-24\nsection: securty\n---\n\nنص الخبر.\n';

describe('help and usage in Arabic and English', { concurrency: 4 }, () => {
  test('midad --help --lang ar: the description and every command in Arabic, the command names as typed', async () => {
    const r = await runCli(['--help', '--lang', 'ar']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^الاستعمال: midad <الأمر> \[الخيارات\]$/m);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c} +\\S*[\\u0600-\\u06ff]`, 'm'), c);
    assert.match(r.stdout, /^ {2}--version +رقم الإصدار$/m);
    assert.match(r.stdout, /^ {2}--lang ar\|en +لغة رسائل مداد/m);
    assert.doesNotMatch(r.stdout, /Usage|Commands|Exit status/);
  });

  test('midad --help --lang en is all English', async () => {
    const r = await runCli(['--help', '--lang', 'en']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: midad <command> \[options\]$/m);
    assert.doesNotMatch(r.stdout, ARABIC);
  });

  for (const cmd of COMMANDS) {
    test(`midad ${cmd} --help: its usage line unchanged, every option explained in the chosen language`, async () => {
      const ar = await runCli([cmd, '--help'], { env: { MIDAD_LANG: 'ar' } });
      const en = await runCli([cmd, '--help', '--lang', 'en']);
      assert.equal(ar.code, 0, ar.stderr);
      const usage = /^Usage: (midad .*)$/m.exec(en.stdout)?.[1];
      assert.ok(usage?.startsWith(`midad ${cmd}`), en.stdout);
      assert.ok(ar.stdout.includes(`الاستعمال: ${usage}\n`), ar.stdout);
      assert.doesNotMatch(en.stdout, ARABIC);
      const options = (out: string): string[] => out.split('\n').filter((l) => /^ {2}(--|DIR|NO_COLOR)/.test(l));
      assert.deepEqual(options(ar.stdout).map((l) => l.trim().split(/ {2,}/)[0]), options(en.stdout).map((l) => l.trim().split(/ {2,}/)[0]));
      for (const line of options(ar.stdout)) assert.match(line, ARABIC, line);
      assert.match(en.stdout, /--lang ar\|en/);
    });
  }

  test("help follows the site's language when neither --lang nor MIDAD_LANG is given", async () => {
    const root = await makeSite(SITE);
    const r = await runCli(['build', '--help', '--root', root], { env: { MIDAD_LANG: '' } });
    assert.match(r.stdout, /^الاستعمال: midad build /m);
  });

  test('init --help is in Arabic by default, as the site it writes is', async () => {
    const r = await runCli(['init', '--help'], { env: { MIDAD_LANG: '' } });
    assert.match(r.stdout, /^الاستعمال: midad init \[DIR\]$/m);
  });

  test('an option without its value, or with one it does not take: the refusal in Arabic, exit 2', async () => {
    const root = await makeSite(SITE);
    const missing = await runCli(['build', '--root'], { env: { MIDAD_LANG: 'ar' } });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'midad: الخيار "--root" يحتاج قيمة\nللمساعدة: "midad --help".\n');
    const extra = await runCli(['check', '--root', root, '--drafts=yes'], { env: { MIDAD_LANG: 'ar' } });
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /^midad: الخيار "--drafts" لا يأخذ قيمة$/m);
    const en = await runCli(['build', '--root']);
    assert.match(en.stderr, /^midad: option "--root" needs a value$/m);
  });
});

describe('midad dev in Arabic', { concurrency: false, timeout: 120_000 }, () => {
  let root = '';
  let dev: DevProcess;
  let stream: EventStream;

  before(async () => {
    root = await makeSite({ ...SITE, [A]: broken });
    dev = await startDev(root, ['--lang', 'ar']);
    stream = await listen(dev.url);
  });
  after(async () => {
    stream?.close();
    await dev?.stop();
  });

  test('the terminal: the start line in Arabic with the URL as it is, errors in the usual form', async () => {
    assert.match(dev.stdout(), /^midad dev: يعرض الموقع على http:\/\/127\.0\.0\.1:\d+\/ \(/m);
    await until('the errors in the terminal', 30_000, () => (/سيُعرض الموقع حين تُصلح/.test(dev.stderr()) ? true : undefined));
    assert.match(dev.stderr(), /^content\/articles\/a\.md:5:10: error: القسم "securty" غير معرّف في content\/site\.yml \(هل تقصد "security"؟\)$/m);
    assert.match(dev.stderr(), /^midad dev: خطأ واحد؛ /m);
  });

  test('the page before a good build is an Arabic, right-to-left page', async () => {
    const home = await get(dev.url, '/');
    assert.equal(home.status, 404);
    assert.match(home.text, /<html lang="ar" dir="rtl">/);
    assert.match(home.text, /في الموقع أخطاء ولا بناء سليم بعد/);
  });

  test('the overlay: its heading, note and close button in Arabic, right to left, the message in Arabic', async () => {
    const failed = await stream.next('the error on connect', (e) => e.event === 'build-error');
    const data = failed.data as { title: string; errors: Array<{ message: string; file: string }> };
    assert.equal(data.title, 'مداد: خطأ واحد');
    assert.equal(data.errors[0]!.file, A);
    assert.equal(data.errors[0]!.message, 'القسم "securty" غير معرّف في content/site.yml (هل تقصد "security"؟)');
    const js = await get(dev.url, '/__midad/reload.js');
    assert.ok(js.text.includes('"lang":"ar","dir":"rtl","close":"إغلاق"'), js.text.slice(0, 400));
    assert.ok(js.text.includes('ما زالت آخر صفحات سليمة معروضة'));
    assert.doesNotMatch(js.text, /The last good pages|'Close'/);
  });

  test('a request it refuses (another host name, a POST) is answered in Arabic', async () => {
    const ask = (method: string, host: string): Promise<{ status: number; text: string }> => new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: dev.port, path: '/', method, headers: { host } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject).end();
    });
    assert.deepEqual(await ask('GET', 'evil.example'), { status: 403, text: 'عنوان غير مسموح: افتح العنوان الذي طبعه "midad dev"\n' });
    assert.equal((await ask('POST', `127.0.0.1:${dev.port}`)).status, 405);
    assert.match((await ask('POST', `127.0.0.1:${dev.port}`)).text, /^طلب غير مسموح/);
  });

  test('fixed: the build line in Arabic; stopping says so in Arabic', async () => {
    const from = stream.events.length;
    await save(root, A, SITE[A]);
    await stream.next('a reload event', (e) => e.event === 'reload', from);
    await until('the build line', 30_000, () => (/^midad dev: أُعيد البناء بعد content\/articles\/a\.md في /m.test(dev.stdout()) ? true : undefined));
    stream.close();
    assert.equal(await dev.stop(), 0, dev.stderr());
    assert.match(dev.stdout(), /^midad dev: توقف$/m);
  });
});
