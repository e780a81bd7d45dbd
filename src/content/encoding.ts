// Article files must be UTF-8: a file saved as Windows-1256 (common for Arabic) would
// otherwise build silently as garbled text. The error points at the first bad byte.

import type { Position } from './positions.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a UTF-8 file, or the position (1-based line and column) of its first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): string | { error: Position } {
  try {
    return decoder.decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad)).replace(/^\uFEFF/, '');
    const lines = before.split(/\r\n|\r|\n/);
    return { error: { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 } };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}
