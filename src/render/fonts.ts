// The site's text face, Noto Naskh Arabic (from @fontsource, served by the site itself), cut
// down to what a news page needs: per weight, a small "core" file with the
// Arabic letters, marks, digits and punctuation of news text and one with basic Latin,
// subset with HarfBuzz (subset-font) and cached under .midad-cache/fonts. The rest of each
// @fontsource file's range stays available through the untouched file, which a browser
// fetches only on a page that uses such a character (a rare Persian letter, a French accent).

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** The @fontsource package of the text face (its version is part of every cache key). */
export const FONT_PACKAGE = '@fontsource/noto-naskh-arabic';
export const FONT_FAMILY = 'Noto Naskh Arabic';
/** Regular for text; bold for headings, kickers and bylines (a synthetic bold smears Arabic). */
export const FONT_WEIGHTS = [400, 700] as const;

const cp = (from: number, to = from): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * The characters of the core files, by @fontsource subset. Every one is in Noto Naskh
 * Arabic (tests/unit/fonts.test.ts checks it), so a core face never claims a character it
 * cannot draw.
 */
export const CORE: Record<'arabic' | 'latin', number[]> = {
  arabic: [
    0x060c, 0x061b, 0x061c, 0x061f, // ، ؛ ALM ؟
    ...cp(0x0621, 0x063a), // hamza … ghain
    ...cp(0x0640, 0x0655), // tatweel, fa … yeh, tashkeel, maddah and hamza above/below
    ...cp(0x0660, 0x066d), // ٠–٩ ٪ ٫ ٬ ٭
    0x0670, 0x0671, // superscript alef, alef wasla
    // Letters of Persian, Kurdish and Turkish names in Arabic news: پ چ ژ ڤ ک گ ی ۆ ێ ە ڕ ڵ ھ
    0x067e, 0x0686, 0x0698, 0x06a4, 0x06a9, 0x06af, 0x06cc, 0x06c6, 0x06ce, 0x06d5, 0x0695, 0x06b5, 0x06be,
    ...cp(0x200c, 0x200e), // ZWNJ, ZWJ, LRM
  ],
  latin: [
    ...cp(0x20, 0x7e), // ASCII: digits, %, Latin terms, URLs
    0xa0, 0xab, 0xb0, 0xb7, 0xbb, 0xd7, // nbsp « ° · » ×
    0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, // – — ‘ ’ “ ” • …
  ],
};

/** OpenType features kept: what Chromium applies to Arabic and Latin text by default. */
const FEATURES = ['ccmp', 'locl', 'rvrn', 'isol', 'init', 'medi', 'fina', 'med2', 'fin2', 'fin3', 'rlig', 'calt', 'liga', 'clig', 'rclt', 'curs', 'kern', 'mark', 'mkmk', 'stch'];

export interface FontFile {
  /** Output path relative to the out folder, named by content hash. */
  path: string;
  bytes: Buffer;
  weight: number;
  subset: 'arabic' | 'latin';
  /** `core` (subset, what pages load) or `rest` (the full @fontsource file, rarely loaded). */
  part: 'core' | 'rest';
  /** The CSS unicode-range this file serves. */
  unicodeRange: string;
}

export interface FontCache {
  /** Absolute folder for subset files (ROOT/.midad-cache/fonts). */
  dir: string;
  /** Ignore what is there (`--clean`). */
  clean: boolean;
}

/** Subset results kept for the process (the dev server builds many times). */
const memo = new Map<string, Buffer>();

/** Reads @fontsource's files and makes the core subsets (cached); returns every file to publish. */
export async function buildFontFiles(hash: (b: Buffer) => string, cache?: FontCache): Promise<FontFile[]> {
  const pkgDir = path.dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
  const version = (JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const files: FontFile[] = [];
  const subsetter = new Subsetter();
  try {
    await collect();
  } finally {
    await subsetter.close();
  }
  return files;

  async function collect(): Promise<void> {
    for (const weight of FONT_WEIGHTS) {
      // The weight's CSS holds one @font-face per @fontsource subset, each with its unicode-range.
      const css = await readFile(path.join(pkgDir, `${weight}.css`), 'utf8');
      for (const block of css.split('@font-face').slice(1)) {
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
        const subset = (['arabic', 'latin'] as const).find((s) => file?.endsWith(`-${s}-${weight}-normal.woff2`));
        if (!file || !range || !subset) continue;
        const source = await readFile(path.join(pkgDir, 'files', file));
        const full = parseUnicodeRange(range);
        const core = CORE[subset].filter((c) => inRanges(full, c));
        // The Arabic core also draws the spaces between Arabic words (its rule comes last, so it
        // wins over the Latin core for them: CSS Fonts 4 §4.5): a bold Arabic headline then needs
        // no Latin file at all, and spaces have the Arabic design's width.
        const spaces = subset === 'arabic' ? [0x20, 0xa0] : [];
        const text = String.fromCodePoint(...spaces, ...core);
        const key = createHash('sha256').update(`${FONT_PACKAGE}@${version}\0${file}\0${text}\0${FEATURES.join(',')}`).digest('hex').slice(0, 16);
        const bytes = await subsetCached(key, source, text, subsetter, cache);
        const base = file.replace(/-normal\.woff2$/, '');
        files.push({ path: `assets/fonts/${base}-core.${hash(bytes)}.woff2`, bytes, weight, subset, part: 'core', unicodeRange: formatUnicodeRange(toRanges([...spaces, ...core])) });
        const rest = subtract(full, core);
        if (rest.length) files.push({ path: `assets/fonts/${base}.${hash(source)}.woff2`, bytes: source, weight, subset, part: 'rest', unicodeRange: formatUnicodeRange(rest) });
      }
    }
  }
}

/** One worker thread for the subsets a build needs, started only on a cache miss. */
class Subsetter {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();

  subset(source: Buffer, text: string): Promise<Buffer> {
    if (!this.worker) {
      this.worker = new Worker(new URL('./font-subset-worker.js', import.meta.url));
      this.worker.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.bytes) w?.resolve(Buffer.from(m.bytes));
        else w?.reject(new Error(`font subsetting failed: ${m.error}`));
      });
      this.worker.on('error', (err) => {
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
      });
    }
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ id, source, text, features: FEATURES });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** A cached subset as it was written: a WOFF2 file whose header gives its own length (a damaged one is made again). */
function wholeWoff2(b: Buffer): Buffer | undefined {
  return b.length >= 48 && b.toString('latin1', 0, 4) === 'wOF2' && b.readUInt32BE(8) === b.length ? b : undefined;
}

async function subsetCached(key: string, source: Buffer, text: string, subsetter: Subsetter, cache?: FontCache): Promise<Buffer> {
  const hit = memo.get(key);
  if (hit && !cache?.clean) return hit;
  const file = cache ? path.join(cache.dir, `${key}.woff2`) : undefined;
  let bytes: Buffer | undefined = file && !cache?.clean ? await readFile(file).then(wholeWoff2, () => undefined) : undefined;
  if (!bytes) {
    const made = await subsetter.subset(source, text);
    bytes = made;
    if (file) {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, made);
      await rename(tmp, file);
    }
  }
  memo.set(key, bytes);
  return bytes;
}

/**
 * The @font-face rules for the files; `url` maps an output path to its URL. Where ranges
 * overlap (the space) the last rule wins, so the Arabic core comes after the Latin one.
 */
export function fontFaceCss(files: FontFile[], url: (p: string) => string): string {
  const order = (f: FontFile): number => (f.subset === 'arabic' && f.part === 'core' ? 1 : 0);
  return [...files]
    .sort((a, b) => a.weight - b.weight || order(a) - order(b))
    .map((f) => `@font-face{font-family:"${FONT_FAMILY}";font-style:normal;font-weight:${f.weight};font-display:swap;src:url(${url(f.path)}) format("woff2");unicode-range:${f.unicodeRange}}`)
    .join('');
}

type Range = [number, number];

/** `U+0600-06FF,U+200C` → sorted [from, to] pairs. */
export function parseUnicodeRange(text: string): Range[] {
  const out: Range[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (m) out.push([parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

export function formatUnicodeRange(ranges: Range[]): string {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  return ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(',');
}

const inRanges = (ranges: Range[], c: number): boolean => ranges.some(([a, b]) => c >= a && c <= b);

function toRanges(codepoints: number[]): Range[] {
  const out: Range[] = [];
  for (const c of [...new Set(codepoints)].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && c === last[1] + 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

/** The ranges without the given code points. */
function subtract(ranges: Range[], remove: number[]): Range[] {
  const gone = new Set(remove);
  const out: Range[] = [];
  for (const [a, b] of ranges) {
    let start = -1;
    for (let c = a; c <= b + 1; c++) {
      const keep = c <= b && !gone.has(c);
      if (keep && start < 0) start = c;
      if (!keep && start >= 0) {
        out.push([start, c - 1]);
        start = -1;
      }
    }
  }
  return toRanges(out.flatMap(([a, b]) => cp(a, b)));
}
