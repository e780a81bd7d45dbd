// Typography without a browser: the font subsets keep every character they claim and shape
// Arabic exactly as the full font does (joined forms, lam-alef, marks), the published faces
// cover what they should, and the direction of a block of text is decided by its letters.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as hb from 'harfbuzzjs';
import subsetFont from 'subset-font';
import { textDirection } from '../../src/render/bidi.js';
import { buildFontFiles, CORE, FONT_PACKAGE, parseUnicodeRange } from '../../src/render/fonts.js';
import { contentHash } from '../../src/render/assets.js';

const require = createRequire(import.meta.url);
const filesDir = path.join(path.dirname(require.resolve(`${FONT_PACKAGE}/package.json`)), 'files');

/** Glyph advances and offsets of `text` shaped right-to-left, as HarfBuzz lays it out. */
function shape(sfnt: Buffer, text: string): string {
  const face = new hb.Face(new hb.Blob(sfnt), 0);
  const font = new hb.Font(face);
  const buf = new hb.Buffer();
  buf.addText(text);
  buf.guessSegmentProperties();
  hb.shape(font, buf);
  const out = buf.getGlyphPositions().map((p) => `${p.xAdvance},${p.xOffset},${p.yOffset}`).join(' ');
  const missing = buf.getGlyphInfos().filter((g) => g.codepoint === 0).length;
  return `${out}${missing ? ` (${missing} missing)` : ''}`;
}

const unicodes = (sfnt: Buffer): Set<number> => new Set(new hb.Face(new hb.Blob(sfnt), 0).collectUnicodes());

describe('font subsets', () => {
  for (const weight of [400, 700]) {
    it(`the Arabic core subset at ${weight} holds every core character and shapes like the full font`, async () => {
      const source = await readFile(path.join(filesDir, `noto-naskh-arabic-arabic-${weight}-normal.woff2`));
      const text = String.fromCodePoint(...CORE.arabic);
      // The same cut as the build (features included), as a TrueType font HarfBuzz can read.
      const full = await subsetFont(source, '', { targetFormat: 'sfnt', keepAllGlyphs: true});
      const files = await buildFontFiles(contentHash);
      const core = files.find((f) => f.subset === 'arabic' && f.weight === weight && f.part === 'core')!;
      const sub = await subsetFont(core.bytes, '', { targetFormat: 'sfnt', keepAllGlyphs: true});
      const have = unicodes(sub);
      const lost = [...text].filter((c) => !have.has(c.codePointAt(0)!) && c !== '\u200e');
      assert.deepEqual(lost, [], 'core characters missing from the subset');
      for (const sample of [
        'قوة الشراكة في المعركة الدائمة ضد التطرف', // joined forms
        'لا إله إلا الله، لأن الإعلام يلاحق الأخبار؛ هل تلاحظ؟',
        'مُحَمَّدٌ وَالْقُرْآنُ ـــ تطويل', 'پچژگکی ڤيتنام ڕێگا', '٢٠٢٦ ٪٤٥ ١٢٫٥',
      ]) {
        assert.equal(shape(sub, sample), shape(full, sample), `shaping differs for ${sample}`);
      }
    });
  }

  it('core and rest faces split each @fontsource range without overlap; only the core is small', async () => {
    const files = await buildFontFiles(contentHash);
    for (const weight of [400, 700]) {
      for (const subset of ['arabic', 'latin'] as const) {
        const core = files.find((f) => f.weight === weight && f.subset === subset && f.part === 'core')!;
        const rest = files.find((f) => f.weight === weight && f.subset === subset && f.part === 'rest')!;
        assert.ok(core && rest, `${subset} ${weight}: core and rest faces`);
        assert.ok(core.bytes.length < (subset === 'arabic' ? 16_000 : 9_000), `${subset} ${weight} core is ${core.bytes.length} bytes`);
        const a = parseUnicodeRange(core.unicodeRange);
        const b = parseUnicodeRange(rest.unicodeRange);
        for (const [from, to] of a) for (const [f2, t2] of b) assert.ok(to < f2 || t2 < from, `${subset} ${weight}: ranges overlap`);
        // Every character a news page needs is in the core range.
        const inCore = (c: string): boolean => a.some(([f, t]) => c.codePointAt(0)! >= f && c.codePointAt(0)! <= t);
        const needed = subset === 'arabic' ? 'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىة،؛؟ًٌٍَُِّْـ٠١٢٣٤٥٦٧٨٩٪' : '0123456789%«»:;.,!?()-–— abcXYZ';
        assert.deepEqual([...needed].filter((c) => !inCore(c)), [], `${subset}: not in the core face`);
      }
    }
  });
});

describe('text direction of titles, summaries and captions', () => {
  const cases: Array<[string, string, string]> = [
    ['قوة الشراكة في المعركة الدائمة', 'rtl', 'Arabic'],
    ['Microsoft تحذّر من ثغرة في Windows تؤثر على 45% من الأجهزة', 'rtl', 'Arabic opening with a brand name (dir="auto" would say ltr)'],
    ["Iraq's date exports reach a record 650,000 tonnes", 'ltr', 'English'],
    ['The ministry (وزارة الزراعة) said exports rose', 'ltr', 'English with an Arabic aside'],
    ['2026', 'rtl', 'no letters: the page direction'],
    ['<p>قال <a href="https://example.org/very/long/latin/path">المتحدث</a> &amp; أضاف</p>', 'rtl', 'markup and references do not count'],
  ];
  for (const [text, want, why] of cases) {
    it(`${why}: ${want}`, () => assert.equal(textDirection(text, 'rtl'), want));
  }
  it('keeps an ltr page ltr when the text has no letters', () => assert.equal(textDirection('12:30', 'ltr'), 'ltr'));
});
