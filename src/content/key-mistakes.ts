// Front-matter keys written the way an editor thinks of them: in Arabic (العنوان for title),
// or the photo's keys (src:, alt:) at the start of the line instead of under image:.

import { isScalar, type Pair, type YAMLMap } from 'yaml';

/** Arabic names an editor gives the keys, by the key midad reads. */
const ARABIC_KEYS: Record<string, string> = {
  'العنوان': 'title', 'عنوان': 'title', 'الموجز': 'summary', 'الملخص': 'summary', 'موجز': 'summary', 'ملخص': 'summary',
  'التاريخ': 'date', 'تاريخ': 'date', 'التحديث': 'updated', 'القسم': 'section', 'قسم': 'section', 'الكاتب': 'author',
  'الكاتبة': 'author', 'المحرر': 'author', 'كاتب': 'author', 'الوسوم': 'tags', 'وسوم': 'tags', 'الصورة': 'image', 'صورة': 'image',
  'مسودة': 'draft', 'المسودة': 'draft', 'عاجل': 'breaking', 'مميز': 'featured', 'التصحيحات': 'corrections', 'تصحيح': 'corrections',
};

/** The key midad reads for an Arabic key name, or undefined. */
export function englishKeyFor(key: string): string | undefined {
  return ARABIC_KEYS[key.trim()];
}

const IMAGE_KEYS = new Set(['src', 'alt', 'caption', 'credit']);

/**
 * `image:` with nothing after it, and the photo's keys below it at the start of the line:
 * the first of those keys (one error for the lot), or undefined.
 */
export function imageKeysNotIndented(map: YAMLMap): Pair | undefined {
  const image = map.items.find((p) => isScalar(p.key) && p.key.value === 'image');
  const empty = image && (image.value === null || (isScalar(image.value) && image.value.value === null));
  if (!empty) return undefined;
  return map.items.find((p) => isScalar(p.key) && IMAGE_KEYS.has(String(p.key.value))) as Pair | undefined;
}

export const isImageKey = (key: string): boolean => IMAGE_KEYS.has(key);
