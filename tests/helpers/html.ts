// Small, dependency-free readers for the HTML midad writes. Enough for assertions on
// well-formed pages (our templates'); not a general HTML parser.

/** Decodes the character references templates and markdown-it produce. */
export function decode(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

export interface Tag {
  /** The whole start tag, e.g. `<meta name="description" content="…">`. */
  raw: string;
  /** Attributes with decoded values; a bare attribute has the value ''. */
  attrs: Record<string, string>;
  /** Offset of the tag in the page. */
  index: number;
}

/** Every start tag `<name …>` in a page (case-insensitive), with its attributes. */
export function startTags(html: string, name: string): Tag[] {
  const out: Tag[] = [];
  const re = new RegExp(`<${name}(?=[\\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) out.push({ raw: m[0], attrs: parseAttrs(m[1]!), index: m.index });
  return out;
}

function parseAttrs(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) attrs[m[1]!.toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

/** The first start tag with the given attribute values, or undefined. */
export function findTag(html: string, name: string, where: Record<string, string>): Tag | undefined {
  return startTags(html, name).find((t) => Object.entries(where).every(([k, v]) => t.attrs[k] === v));
}

/** Inner HTML of every `<name …>…</name>` (not nested in itself) whose start tag passes `filter`. */
export function elements(html: string, name: string, filter: (t: Tag) => boolean = () => true): Array<{ tag: Tag; inner: string }> {
  const out: Array<{ tag: Tag; inner: string }> = [];
  for (const tag of startTags(html, name)) {
    if (!filter(tag)) continue;
    const start = tag.index + tag.raw.length;
    const end = html.toLowerCase().indexOf(`</${name.toLowerCase()}>`, start);
    if (end >= 0) out.push({ tag, inner: html.slice(start, end) });
  }
  return out;
}

/** Visible text of an HTML fragment: tags dropped, references decoded, white space collapsed. */
export function text(fragment: string): string {
  return decode(fragment.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** Whether an element has a class. */
export const hasClass = (t: Tag, cls: string): boolean => (t.attrs.class ?? '').split(/\s+/).includes(cls);

/** Every `id` attribute in a page. */
export function ids(html: string): string[] {
  return [...html.matchAll(/\sid\s*=\s*"([^"]*)"/g)].map((m) => decode(m[1]!));
}

/** Values that occur more than once. */
export function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** The part of a page a reader sees (no <head>, <script> or <style>), as text. */
export function visibleText(html: string): string {
  const body = /<body[\s\S]*<\/body>/i.exec(html)?.[0] ?? html;
  return text(body.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/<style[\s\S]*?<\/style>/gi, ''));
}
