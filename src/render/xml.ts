// XML text for feeds and sitemaps: characters XML 1.0 cannot hold are dropped, the rest escaped.

/**
 * Characters that are not allowed in an XML 1.0 document (C0 controls but tab, LF and CR; the
 * U+FFFE/U+FFFF non-characters; lone surrogates). An editor's stray control character must not
 * make a whole feed unreadable, so these are removed rather than escaped (they cannot be).
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes the characters an XML 1.0 document cannot contain. */
export function stripInvalidXml(s: string): string {
  return s.replace(NOT_XML, '');
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value, escaped for XML (quotes too, so it is safe in either place). */
export function escapeXml(s: string): string {
  return stripInvalidXml(s).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** `<name attrs>escaped text</name>`; attributes are escaped as well. */
export function element(name: string, text: string, attrs: Record<string, string> = {}): string {
  return `<${name}${attributes(attrs)}>${escapeXml(text)}</${name}>`;
}

/** ` a="1" b="2"` with escaped values, in the order given. */
export function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
