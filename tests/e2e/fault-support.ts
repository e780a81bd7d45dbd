// Helpers for the fault tests: a generated site of many small articles in two versions (so a
// build between them has pages to render, files to move and files to remove), a CLI run that
// may end by a signal, and a comparison of two output folders.

import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, FIXTURES, hashTree, makeImage, NOW, tempDir } from '../helpers/site.js';

const SECTIONS = ['politics', 'security'];

/** Writes `n` articles (version 'a' or 'b': b retitles every third, drops ten and adds ten), a few with a photo. */
export async function writeArticles(root: string, n: number, version: 'a' | 'b'): Promise<void> {
  const dir = path.join(root, 'content', 'articles');
  await rm(dir, { recursive: true, force: true });
  const ids = [...Array(n).keys()].filter((i) => version === 'a' ? i < n - 10 : i >= 10);
  for (const i of ids) {
    const day = String((i % 27) + 1).padStart(2, '0');
    const folder = path.join(dir, '2026', '02', day, `story-${i}`);
    await mkdir(folder, { recursive: true });
    const retitled = version === 'b' && i % 3 === 0 ? ' (محدّث)' : '';
    const photo = i % 100 === 0;
    if (photo) await writeFile(path.join(folder, 'photo.jpg'), await photoFor(i));
    await writeFile(path.join(folder, 'index.md'), [
      '---',
      `title: "خبر رقم ${i}${retitled}"`,
      `summary: ملخص الخبر ${i}.`,
      `date: 2026-02-${day}T${String(i % 24).padStart(2, '0')}:15:00+03:00`,
      `section: ${SECTIONS[i % 2]}`,
      `tags: [وسم ${i % 7}]`,
      ...(photo ? ['image:', '  src: photo.jpg', `  alt: صورة الخبر ${i}`] : []),
      '---',
      '',
      `نص الخبر ${i}، وفيه **تفاصيل** عن الأحداث و«اقتباس» قصير.`,
      '',
    ].join('\n'));
  }
}

const photos = new Map<number, Buffer>();
async function photoFor(i: number): Promise<Buffer> {
  let p = photos.get(i);
  if (!p) photos.set(i, (p = await makeImage(320 + (i % 7), 200)));
  return p;
}

/** A new site root of `n` articles (version 'a'), removed when the test process exits. */
export async function manyArticleSite(n: number): Promise<string> {
  const root = await tempDir('midad-faults-');
  await cp(path.join(FIXTURES, 'errors', '_base'), root, { recursive: true });
  await writeArticles(root, n, 'a');
  return root;
}

/** Adds a photo no build has seen (so that the next build encodes something). */
export async function freshPhoto(root: string, round: number): Promise<void> {
  const i = 100;
  const file = path.join(root, 'content', 'articles', '2026', '02', String((i % 27) + 1).padStart(2, '0'), `story-${i}`, 'photo.jpg');
  await writeFile(file, await makeImage(300 + round, 180 + round));
}

export interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; resolves however it ends (an exit code, or the signal that killed it). */
export function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MIDAD_LANG: 'en', MIDAD_NOW: NOW, ...env };
    delete e.NODE_TEST_CONTEXT;
    const child = execFile(process.execPath, [CLI, ...args], { cwd: os.tmpdir(), env: e, maxBuffer: 64 << 20, timeout: 300_000 }, (err, stdout, stderr) => {
      resolve({ code: child.exitCode, signal: child.signalCode ?? (err && 'signal' in err ? (err.signal as string | null) : null), stdout, stderr });
    });
  });
}

export const MANIFEST = '.midad-manifest.json';

/**
 * What differs between two output folders: files only in one, files whose bytes differ. The
 * manifest is compared by the files it lists and their hashes: its build key names the output
 * folder (and so differs between two folders), and what each page was made from is recorded
 * by an incremental build only.
 */
export async function outputDifferences(a: string, b: string): Promise<string[]> {
  const [ta, tb] = [await hashTree(a), await hashTree(b)];
  const out: string[] = [];
  for (const [f, h] of ta) {
    if (f === MANIFEST) continue;
    if (!tb.has(f)) out.push(`only in ${a}: ${f}`);
    else if (tb.get(f) !== h) out.push(`differs: ${f}`);
  }
  for (const f of tb.keys()) if (f !== MANIFEST && !ta.has(f)) out.push(`only in ${b}: ${f}`);
  const files = async (d: string): Promise<string> => JSON.stringify((JSON.parse(await readFile(path.join(d, MANIFEST), 'utf8')) as { files: unknown }).files);
  if ((await files(a)) !== (await files(b))) out.push('the manifests list different files');
  return out;
}
