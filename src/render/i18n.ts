// The words of the UI. Arabic is the first language; other languages get English.
// Counts use Intl.PluralRules, so Arabic gets its six plural forms right.

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface UiStrings {
  home: string;
  skipToContent: string;
  breaking: string;
  /** The share links' group label, and the words before a network's name in each link's accessible name. */
  share: string;
  shareVia: string;
  shareNetworks: Record<'whatsapp' | 'telegram' | 'x' | 'facebook' | 'email', string>;
  sections: string;
  mainNav: string;
  latest: string;
  lead: string;
  by: string;
  and: string;
  published: string;
  updated: string;
  tags: string;
  related: string;
  page: string;
  pageOf: string;
  newer: string;
  older: string;
  pagination: string;
  notFoundTitle: string;
  notFoundText: string;
  search: string;
  searchLabel: string;
  searchPlaceholder: string;
  searchNoScript: string;
  tagTitle: string;
  authorTitle: string;
  moreIn: string;
  feed: string;
  draft: string;
  future: string;
  breadcrumb: string;
  /** The article page's corrections box, the author box, and the footer's groups. */
  corrections: string;
  correctedOn: string;
  aboutAuthor: string;
  footerSections: string;
  footerPages: string;
  footerFollow: string;
  readingTime: PluralForms;
  articles: PluralForms;
}

const ar: UiStrings = {
  home: 'الرئيسية',
  skipToContent: 'انتقل إلى المحتوى',
  breaking: 'عاجل',
  share: 'شارك الخبر',
  shareVia: 'شارك عبر',
  shareNetworks: { whatsapp: 'واتساب', telegram: 'تيليغرام', x: 'إكس', facebook: 'فيسبوك', email: 'البريد الإلكتروني' },
  sections: 'الأقسام',
  mainNav: 'التنقل الرئيسي',
  latest: 'آخر الأخبار',
  lead: 'الخبر الرئيسي',
  by: 'بقلم',
  and: 'و',
  published: 'نُشر في',
  updated: 'حُدّث في',
  tags: 'الوسوم',
  related: 'اقرأ أيضاً',
  page: 'الصفحة',
  pageOf: 'الصفحة {n} من {total}',
  newer: 'الأحدث',
  older: 'الأقدم',
  pagination: 'التنقل بين الصفحات',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundText: 'لم نعثر على الصفحة التي تبحث عنها. ربما نُقلت أو حُذفت.',
  search: 'بحث',
  searchLabel: 'ابحث في الموقع',
  searchPlaceholder: 'اكتب كلمة للبحث…',
  searchNoScript: 'يحتاج البحث إلى تفعيل جافاسكربت في المتصفح.',
  tagTitle: 'وسم: {name}',
  authorTitle: 'مقالات {name}',
  moreIn: 'المزيد من {name}',
  feed: 'موجز الأخبار',
  draft: 'مسودة',
  future: 'مجدول للنشر',
  breadcrumb: 'مسار التنقل',
  corrections: 'تصحيحات',
  correctedOn: 'صُحّح في',
  aboutAuthor: 'عن الكاتب',
  footerSections: 'الأقسام',
  footerPages: 'عن الموقع',
  footerFollow: 'تابعونا',
  readingTime: {
    zero: 'أقل من دقيقة للقراءة',
    one: 'دقيقة واحدة للقراءة',
    two: 'دقيقتان للقراءة',
    few: '{n} دقائق للقراءة',
    many: '{n} دقيقة للقراءة',
    other: '{n} دقيقة للقراءة',
  },
  articles: {
    zero: 'لا مقالات',
    one: 'مقال واحد',
    two: 'مقالان',
    few: '{n} مقالات',
    many: '{n} مقالاً',
    other: '{n} مقال',
  },
};

const en: UiStrings = {
  home: 'Home',
  skipToContent: 'Skip to content',
  breaking: 'Breaking',
  share: 'Share',
  shareVia: 'Share via',
  shareNetworks: { whatsapp: 'WhatsApp', telegram: 'Telegram', x: 'X', facebook: 'Facebook', email: 'email' },
  sections: 'Sections',
  mainNav: 'Main navigation',
  latest: 'Latest',
  lead: 'Top story',
  by: 'By',
  and: 'and',
  published: 'Published',
  updated: 'Updated',
  tags: 'Tags',
  related: 'Related',
  page: 'Page',
  pageOf: 'Page {n} of {total}',
  newer: 'Newer',
  older: 'Older',
  pagination: 'Pagination',
  notFoundTitle: 'Page not found',
  notFoundText: 'We could not find the page you are looking for.',
  search: 'Search',
  searchLabel: 'Search the site',
  searchPlaceholder: 'Type to search…',
  searchNoScript: 'Search needs JavaScript.',
  tagTitle: 'Tag: {name}',
  authorTitle: 'Articles by {name}',
  moreIn: 'More in {name}',
  feed: 'Feed',
  draft: 'Draft',
  future: 'Scheduled',
  breadcrumb: 'Breadcrumb',
  corrections: 'Corrections',
  correctedOn: 'Corrected',
  aboutAuthor: 'About the author',
  footerSections: 'Sections',
  footerPages: 'About us',
  footerFollow: 'Follow us',
  readingTime: { one: '{n} minute read', other: '{n} minute read' },
  articles: { one: '{n} article', other: '{n} articles' },
};

export function uiStrings(language: string): UiStrings {
  return language.toLowerCase().split('-')[0] === 'ar' ? ar : en;
}
