// The sizes midad accepts in an article. Each is far above what a newsroom writes and far
// below what would make a build slow or a file name impossible; past one, the editor gets a
// positioned error instead of a build that hangs, runs out of memory or fails to write a page.

/** An article file, in bytes: a long feature is about 100 KB; a whole book about 1 MB. */
export const MAX_ARTICLE_BYTES = 4 * 1024 * 1024;

/** Tags on one article. */
export const MAX_TAGS = 100;

/**
 * A tag and an explicit slug, in characters (code points), and in UTF-8 bytes: each becomes a
 * folder name of the built site, and a file system takes at most 255 bytes per name.
 */
export const MAX_TAG_LENGTH = 120;
export const MAX_SLUG_LENGTH = 100;
export const MAX_NAME_BYTES = 240;

/** Whether a tag key or slug is too long to be a folder name (characters or bytes). */
export function tooLongForName(s: string, maxChars: number): boolean {
  return [...s].length > maxChars || Buffer.byteLength(s, 'utf8') > MAX_NAME_BYTES;
}

/** `4194304` → `4 MB`, `20971520` → `20 MB`, as editors read file sizes. */
export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : mb >= 1 ? `${mb.toFixed(1).replace(/\.0$/, '')} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}
