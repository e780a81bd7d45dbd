// Characters no page may hold (hostile or pasted text): HTML forbids control characters other
// than ASCII whitespace, noncharacters and lone surrogates in text, and XML 1.0 cannot hold them
// at all, so the W3C checker rejects a page and a feed reader a feed that carries one. They are
// removed where text enters midad (front matter, site.yml, article bodies), with a warning at
// the first one, so every later stage can trust its strings. Tab, line feed and carriage
// return stay; form feed goes (XML refuses it).

/** Controls (C0 but tab, LF, CR; DEL; C1), noncharacters (U+FDD0–FDEF, U+xFFFE/F), lone surrogates. */
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\p{Noncharacter_Code_Point}\p{Cs}]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

/** `text` without forbidden characters, and the offset (UTF-16) and code of the first one; undefined when it has none. */
export function withoutForbiddenChars(text: string): { text: string; first: number; code: string } | undefined {
  const m = FORBIDDEN.exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  return { text: text.replace(FORBIDDEN_ALL, ''), first: m.index, code: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` };
}
