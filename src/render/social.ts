// The names readers know networks by, for the footer's links and an author's: the key from
// site.yml (`x`, `youtube`) shown as the network calls itself, in the site's language.

const NAMES: Record<string, { ar: string; en: string }> = {
  x: { ar: 'إكس', en: 'X' },
  twitter: { ar: 'إكس', en: 'X' },
  facebook: { ar: 'فيسبوك', en: 'Facebook' },
  telegram: { ar: 'تيليغرام', en: 'Telegram' },
  whatsapp: { ar: 'واتساب', en: 'WhatsApp' },
  youtube: { ar: 'يوتيوب', en: 'YouTube' },
  instagram: { ar: 'إنستغرام', en: 'Instagram' },
  tiktok: { ar: 'تيك توك', en: 'TikTok' },
  linkedin: { ar: 'لينكدإن', en: 'LinkedIn' },
  threads: { ar: 'ثريدز', en: 'Threads' },
  mastodon: { ar: 'ماستودون', en: 'Mastodon' },
  email: { ar: 'البريد الإلكتروني', en: 'Email' },
  website: { ar: 'الموقع', en: 'Website' },
};

/** The network's name in `language` (Arabic or English); a key midad does not know is shown as written. */
export function socialName(network: string, language: string): string {
  const names = NAMES[network.toLowerCase()];
  if (!names) return network;
  return language.toLowerCase().split('-')[0] === 'ar' ? names.ar : names.en;
}
