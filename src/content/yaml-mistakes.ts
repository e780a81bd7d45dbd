// The YAML mistakes editors make, told in their words. The yaml package reports what its
// grammar saw ("Nested mappings are not allowed in compact mappings"), often several times
// for one cause; these checks read the lines as the editor typed them and name the one thing
// to change, with the fix. Lines are checked on their own, so a mistake never causes another.

import type { DiagnosticCode } from '../diagnostics.js';
import { msg, type Message } from '../messages/index.js';

/** One mistake: where it is (an offset into the YAML segment), its code and its words. */
export interface YamlMistake {
  offset: number;
  code: DiagnosticCode;
  message: Message;
}

interface Line {
  start: number;
  text: string;
}

/** Spaces that look like a space but are not one to YAML, by name. */
const ODD_SPACES: Record<string, string> = {
  '\u00a0': 'no-break space', '\u2007': 'figure space', '\u202f': 'narrow no-break space', '\u2000': 'en quad',
  '\u2001': 'em quad', '\u2002': 'en space', '\u2003': 'em space', '\u2004': 'three-per-em space', '\u2005': 'four-per-em space',
  '\u2006': 'six-per-em space', '\u2008': 'punctuation space', '\u2009': 'thin space', '\u200a': 'hair space',
  '\u200b': 'zero-width space', '\u205f': 'mathematical space', '\u3000': 'ideographic space', '\ufeff': 'byte-order mark',
};
const ODD = `[${Object.keys(ODD_SPACES).join('')}]`;
const OPENING_CURLY = '“”„‘’‚«‹';
const CLOSING_FOR: Record<string, string> = { '“': '”', '”': '”', '„': '“', '‘': '’', '’': '’', '‚': '‘', '«': '»', '‹': '›' };
/** Keys whose values are text an editor writes (a lost "#…" would be lost words). */
const TEXT_KEYS = new Set(['title', 'summary', 'alt', 'caption', 'credit', 'text']);
/** A block-map line: indentation, an optional "- ", a plain key, the colon, the rest. */
const KEY_LINE = /^([ ]*)((?:-[ ]+)?)([^\s:#"'[\]{},`][^:#]*?)[ ]*:(?=[ \t]|$)(.*)$/;
const INDENT_HABITS = new Set(['yaml-tab', 'yaml-unicode-space']);
const VALID_DQ_ESCAPE = /^[0abtnvfre "/\\N_LP\t\n]|^x[0-9a-fA-F]{2}|^u[0-9a-fA-F]{4}|^U[0-9a-fA-F]{8}/;

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    out.push({ start, text: raw.replace(/\r$/, '') });
    start += raw.length + 1;
  }
  return out;
}

/** Offset of the `n`-th UTF-16 unit of a line's text. */
const at = (line: Line, i: number): number => line.start + i;

/** A value as a YAML double-quoted string (or single-quoted when it holds a double quote). */
function quoted(value: string): string {
  if (!value.includes('"')) return `"${value.replace(/\\/g, '\\\\')}"`;
  return `'${value.replace(/'/g, "''")}'`;
}

/** Mistakes that YAML takes without a word but that would publish something else than meant. */
export function silentMistakes(text: string): YamlMistake[] {
  const out: YamlMistake[] = [];
  const lines = splitLines(text);
  let block = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const indent = /^[ ]*/.exec(line.text)![0].length;
    if (block >= 0 && (line.text.trim() === '' || indent > block)) continue;
    block = -1;
    if (line.text.trimStart().startsWith('#')) continue;
    const found = oddSpace(line) ?? curlyKey(line) ?? curlyNonText(line) ?? hashInText(line) ?? listItemInItem(lines, n);
    if (found) out.push(found);
    if (/:[ ]+[|>][0-9+-]*[ ]*(?:#.*)?$/.test(line.text)) block = indent;
  }
  return out;
}

/**
 * The one mistake (per line, once per kind in a row) behind a front matter that YAML refused.
 * `firstErrorLine` is the 0-based line of YAML's first error: the guesses that read a line in
 * the light of the lines before it stop there, as what follows may be a consequence.
 */
export function syntaxMistakes(text: string, firstErrorOffset: number): YamlMistake[] {
  const out: YamlMistake[] = [];
  const lines = splitLines(text);
  const errorLine = lines.findIndex((_l, i) => firstErrorOffset < (lines[i + 1]?.start ?? Infinity));
  let block = -1;
  let lastCode = '';
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const indent = /^[ ]*/.exec(line.text)![0].length;
    if (block >= 0 && (line.text.trim() === '' || indent > block)) continue;
    block = -1;
    if (line.text.trimStart().startsWith('#')) continue;
    // YAML often points at the line before the one that is wrong (a value it took as a map).
    // A line read against a broken one above it would only repeat that mistake.
    const loose = n <= errorLine + 1 && lastCode === '';
    const found = tabIndent(line) ?? oddSpace(line) ?? curlyKey(line) ?? missingSpace(line) ?? badEscape(line)
      ?? curlyValue(line) ?? dashAfterKey(line) ?? reservedStart(line) ?? colonInValue(line) ?? flowCommas(line)
      ?? (loose ? unclosed(line) ?? textAfterQuote(line) ?? badIndent(lines, n) ?? lineWithoutKey(lines, n) : undefined);
    // A block indented with tabs (or pasted with odd spaces) is one mistake, told at its first line.
    if (found && !(found.code === lastCode && INDENT_HABITS.has(found.code))) out.push(found);
    lastCode = found?.code ?? '';
    // Everything after an unclosed quote or list is inside it: nothing more can be read.
    if (found && (found.message.id === 'yaml-unclosed-quote' || found.message.id === 'yaml-unclosed-list')) break;
    if (/:[ ]+[|>][0-9+-]*[ ]*(?:#.*)?$/.test(line.text)) block = indent;
  }
  return out;
}

function tabIndent(line: Line): YamlMistake | undefined {
  const m = /^[ ]*\t/.exec(line.text);
  if (!m) return undefined;
  return { offset: at(line, m[0].length - 1), code: 'yaml-tab', message: msg('yaml-tab-indent') };
}

/** An odd space where YAML needs a real one: in the indentation, or just before or after a key's colon. */
function oddSpace(line: Line): YamlMistake | undefined {
  const bom = line.text.indexOf('\ufeff');
  const m = new RegExp(`^[ ]*(${ODD})|^[ ]*(?:-[ ]*)?[^\\s:"']+?(${ODD})*:(${ODD})|^[ ]*-(${ODD})`, 'u').exec(line.text);
  let i = -1;
  if (m) {
    const ch = m[1] ?? m[2] ?? m[3] ?? m[4]!;
    i = m[1] || m[4] ? m[0].length - 1 : m[2] ? m[0].indexOf(ch) : m[0].length - 1;
  }
  if (bom >= 0 && (i < 0 || bom <= i)) return { offset: at(line, bom), code: 'yaml-unicode-space', message: msg('bom-in-middle') };
  if (i < 0) return undefined;
  const ch = line.text[i]!;
  const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { offset: at(line, i), code: 'yaml-unicode-space', message: msg('yaml-unicode-space', { name: ODD_SPACES[ch]!, code }) };
}

function curlyKey(line: Line): YamlMistake | undefined {
  const m = /^([ ]*(?:-[ ]+)?)([“”„‘’‚«‹])([^“”„‘’‚«»‹›:]+)([“”‘’»›])[ ]*:/.exec(line.text);
  if (!m) return undefined;
  const rest = line.text.slice(m[0].length);
  return { offset: at(line, m[1]!.length), code: 'yaml-curly-quotes', message: msg('yaml-curly-quotes', { quotes: `${m[2]} ${m[4]}`, fixed: `${m[3]}:${rest}` }) };
}

function curlyValue(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  const value = m?.[4]!.trim() ?? '';
  if (!m || value === '' || !OPENING_CURLY.includes(value[0]!)) return undefined;
  const close = CLOSING_FOR[value[0]!]!;
  const inner = value.endsWith(close) || /[”’»›]$/.test(value) ? value.slice(1, -1) : value.slice(1);
  const i = m[0].length - m[4]!.length + m[4]!.indexOf(value[0]!);
  return { offset: at(line, i), code: 'yaml-curly-quotes', message: msg('yaml-curly-quotes', { quotes: `${value[0]} ${close}`, fixed: `${m[3]}: ${quoted(inner)}` }) };
}

/** `section: “security”`: in a slug, a date or a path, curly quotes can only be a word processor's. */
function curlyNonText(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m || TEXT_KEYS.has(m[3]!.trim())) return undefined;
  return curlyValue(line);
}

/** `title:foo`: a known-looking key glued to its value. */
function missingSpace(line: Line): YamlMistake | undefined {
  const m = /^([ ]*(?:-[ ]+)?)([A-Za-z][A-Za-z0-9_-]*):(?![ \t/:]|$)/.exec(line.text);
  if (!m) return undefined;
  return { offset: at(line, m[1]!.length + m[2]!.length + 1), code: 'yaml-missing-space', message: msg('yaml-missing-space', { key: m[2]! }) };
}

function badEscape(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m) return undefined;
  const valueAt = m[0].length - m[4]!.length + (m[4]!.length - m[4]!.trimStart().length);
  const value = line.text.slice(valueAt);
  if (!value.startsWith('"')) return undefined;
  for (let i = 1; i < value.length && value[i] !== '"'; i++) {
    if (value[i] !== '\\') continue;
    if (!VALID_DQ_ESCAPE.test(value.slice(i + 1))) {
      const body = value.slice(1, value.indexOf('"', 1) < 0 ? undefined : value.indexOf('"', 1));
      if (/^[A-Za-z]:\\/.test(body) || body.startsWith('\\\\')) {
        const name = body.split('\\').pop() ?? body;
        return { offset: at(line, valueAt), code: 'image-absolute-path', message: msg('image-windows-path', { src: body, name }) };
      }
      return { offset: at(line, valueAt + i), code: 'yaml-bad-escape', message: msg('yaml-bad-escape', { escape: value.slice(i, i + 2) }) };
    }
    i++;
  }
  return undefined;
}

/** `tags: - أمن`: a list item on the key's own line. */
function dashAfterKey(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m || m[2]) return undefined;
  const value = m[4]!.trimStart();
  const item = /^-[ ]+(.*)$/.exec(value);
  if (!item) return undefined;
  const key = m[3]!.trim();
  return { offset: at(line, m[0].length - value.length), code: 'yaml-syntax', message: msg('yaml-dash-after-key', { key, item: item[1]!.trim() }) };
}

function reservedStart(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m) return undefined;
  const value = m[4]!.trimStart();
  // "*" is an alias to YAML (a headline in Markdown *emphasis*); "|" or ">" with text after it a block.
  if (!/^[@`*]|^[|>](?![-+0-9]*[ \t]*(?:#.*)?$)/.test(value)) return undefined;
  return { offset: at(line, m[0].length - value.length), code: 'yaml-reserved-char', message: msg('yaml-reserved-char', { char: value[0]! }) };
}

/** `title: ممثلية الإقليم: رواتب`: a headline with a colon, read as a second key. */
function colonInValue(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m) return undefined;
  const raw = m[4]!;
  const value = raw.trim();
  if (value === '' || /^["'[{|>&*!#]/.test(value)) return undefined;
  const plain = value.replace(/[ \t]+#.*$/, '');
  if (!/: |:$/.test(plain)) return undefined;
  const key = m[3]!.trim();
  return { offset: at(line, m[0].length - raw.trimStart().length), code: 'yaml-colon-in-value', message: msg('yaml-colon-in-value', { key, quoted: quoted(plain) }) };
}

function flowCommas(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m) return undefined;
  const value = m[4]!.trimStart();
  if (!value.startsWith('[')) return undefined;
  const c = /\[[ ]*,|,[ ]*,/.exec(value);
  if (!c) return undefined;
  return { offset: at(line, m[0].length - value.length + c.index + c[0].lastIndexOf(',')), code: 'yaml-syntax', message: msg('yaml-comma-in-flow') };
}

/** A quote or a list opened on a line and not closed on it. */
function unclosed(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m) return undefined;
  const value = m[4]!.trim();
  const offset = at(line, m[0].length - m[4]!.trimStart().length);
  if (value.startsWith('"') && !/^"(?:[^"\\]|\\.)*"/.test(value)) return { offset, code: 'yaml-syntax', message: msg('yaml-unclosed-quote', { quote: '"' }) };
  if (value.startsWith("'") && !/^'(?:[^']|'')*'(?!')/.test(value)) return { offset, code: 'yaml-syntax', message: msg('yaml-unclosed-quote', { quote: "'" }) };
  const open = value[0];
  if ((open === '[' || open === '{') && !value.replace(/[ \t]+#.*$/, '').endsWith(open === '[' ? ']' : '}')) {
    return { offset, code: 'yaml-syntax', message: msg('yaml-unclosed-list', { close: open === '[' ? ']' : '}' }) };
  }
  return undefined;
}

function textAfterQuote(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m) return undefined;
  const value = m[4]!.trimStart();
  const q = /^"(?:[^"\\]|\\.)*"|^'(?:[^']|'')*'/.exec(value);
  if (!q) return undefined;
  const after = value.slice(q[0].length);
  const extra = /^[ \t]*([^\s#])/.exec(after);
  if (!extra) return undefined;
  return { offset: at(line, m[0].length - value.length + q[0].length + after.indexOf(extra[1]!)), code: 'yaml-syntax', message: msg('yaml-text-after-quote') };
}

/** A key or a list item indented unlike its neighbours. */
function badIndent(lines: Line[], n: number): YamlMistake | undefined {
  const line = lines[n]!;
  const indent = /^[ ]*/.exec(line.text)![0].length;
  if (indent === line.text.length || line.text.trimStart().startsWith('#')) return undefined;
  const prev = previousContent(lines, n);
  const mine = KEY_LINE.exec(line.text);
  const isItem = /^[ ]*-(?:[ ]|$)/.test(line.text);
  if (!mine && !isItem) return undefined;
  if (!prev) return indent > 0 ? { offset: at(line, indent), code: 'yaml-bad-indent', message: msg('yaml-bad-indent') } : undefined;
  const prevIndent = /^[ ]*/.exec(prev.text)![0].length;
  const prevKey = KEY_LINE.exec(prev.text);
  const opens = prevKey !== null && prevKey[4]!.replace(/[ \t]+#.*$/, '').trim() === '';
  const prevItem = /^[ ]*-(?:[ ]|$)/.test(prev.text);
  // A deeper line is right only under a key that opens a map or list, or inside a "- key:" item.
  if (indent > prevIndent && !opens && !(prevItem && !isItem && indent === prevIndent + 2)) {
    return { offset: at(line, indent), code: 'yaml-bad-indent', message: msg('yaml-bad-indent') };
  }
  // A shallower line must line up with a line above it (a key of an enclosing map).
  if (indent < prevIndent && !lines.slice(0, n).some((l) => l.text.trim() !== '' && !l.text.trimStart().startsWith('#') && /^[ ]*/.exec(l.text)![0].length === indent)) {
    return { offset: at(line, indent), code: 'yaml-bad-indent', message: msg('yaml-bad-indent') };
  }
  return undefined;
}

/** A line of words with no key, such as a summary that went on to the next line. */
function lineWithoutKey(lines: Line[], n: number): YamlMistake | undefined {
  const line = lines[n]!;
  const t = line.text.trim();
  if (t === '' || /^[#\-\]}]/.test(t) || KEY_LINE.test(line.text) || /:[ \t]|:$/.test(t)) return undefined;
  const prev = previousContent(lines, n);
  const indent = line.text.length - line.text.trimStart().length;
  const prevIndent = prev ? prev.text.length - prev.text.trimStart().length : 0;
  if (prev && indent > prevIndent) return undefined;
  return { offset: at(line, indent), code: 'yaml-syntax', message: msg('yaml-line-without-key') };
}

/** `title: العنوان #غزة`: a space then "#" starts a comment, and the rest of the text is lost. */
function hashInText(line: Line): YamlMistake | undefined {
  const m = KEY_LINE.exec(line.text);
  if (!m || !TEXT_KEYS.has(m[3]!.trim())) return undefined;
  const value = m[4]!.trim();
  if (value === '' || /^["'[{|>]/.test(value)) return undefined;
  // A hashtag (one space, then "#" and a word); an aligned comment ("title: …   # note") is meant.
  const h = /[^ \t][ \t]#(?=[^\s#])/.exec(value);
  if (!h) return undefined;
  const key = m[3]!.trim();
  const offset = at(line, m[0].length - m[4]!.length + m[4]!.indexOf(value) + h.index + 2);
  return { offset, code: 'yaml-hash-in-value', message: msg('yaml-hash-in-value', { key, quoted: quoted(value) }) };
}

/** `- أمن` then `  - العراق` one step deeper: YAML joins them into the tag "أمن - العراق". */
function listItemInItem(lines: Line[], n: number): YamlMistake | undefined {
  const line = lines[n]!;
  const prev = previousContent(lines, n);
  if (!prev) return undefined;
  const mine = /^([ ]*)-[ ]/.exec(line.text);
  const theirs = /^([ ]*)-[ ]+([^:#"'[{]*[^:\s])[ ]*$/.exec(prev.text);
  if (!mine || !theirs || mine[1]!.length <= theirs[1]!.length) return undefined;
  return { offset: at(line, mine[1]!.length), code: 'yaml-bad-indent', message: msg('yaml-bad-indent') };
}

function previousContent(lines: Line[], n: number): Line | undefined {
  for (let i = n - 1; i >= 0; i--) {
    const t = lines[i]!.text.trim();
    if (t !== '' && !t.startsWith('#')) return lines[i];
  }
  return undefined;
}
