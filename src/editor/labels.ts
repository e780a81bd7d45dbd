// The words of the web editor's forms (field labels and hints), in the site's language:
// the editor's own menus come from Sveltia's locale, these are what midad adds.

export interface EditorLabels {
  articles: string;
  /** Articles kept in one file each, as `midad new` makes them. */
  articleFiles: string;
  article: string;
  pages: string;
  page: string;
  title: string;
  summary: string;
  date: string;
  updated: string;
  section: string;
  author: string;
  tags: string;
  tag: string;
  image: string;
  imageSrc: string;
  imageAlt: string;
  imageCaption: string;
  imageCredit: string;
  featured: string;
  breaking: string;
  corrections: string;
  correction: string;
  correctionDate: string;
  correctionText: string;
  draft: string;
  body: string;
  slug: string;
  slugHint: string;
  slugError: string;
  titleHint: string;
  altHint: string;
  breakingHint: string;
  breakingNo: string;
  breakingYes: string;
  draftHint: string;
}

const ar: EditorLabels = {
  articles: 'المقالات',
  articleFiles: 'مقالات في ملف واحد',
  article: 'مقالة',
  pages: 'الصفحات الثابتة',
  page: 'صفحة',
  title: 'العنوان',
  summary: 'الموجز',
  date: 'تاريخ النشر',
  updated: 'تاريخ التحديث',
  section: 'القسم',
  author: 'الكاتب',
  tags: 'الوسوم',
  tag: 'وسم',
  image: 'الصورة الرئيسية',
  imageSrc: 'الملف',
  imageAlt: 'وصف الصورة',
  imageCaption: 'التعليق',
  imageCredit: 'المصدر',
  featured: 'خبر رئيسي',
  breaking: 'عاجل',
  corrections: 'التصحيحات',
  correction: 'تصحيح',
  correctionDate: 'تاريخ التصحيح',
  correctionText: 'نص التصحيح',
  draft: 'مسودة',
  body: 'نص الخبر',
  slug: 'المعرّف في الرابط',
  slugHint: 'حروف وأرقام تفصل بينها شَرطة واحدة (-)، بلا مسافات ولا علامات ترقيم ولا تشكيل.',
  slugError: 'المعرّف حروف وأرقام تفصل بينها شَرطة واحدة: احذف علامات الترقيم (؟ ، « ») والتشكيل.',
  titleHint: 'مئتا حرف على الأكثر.',
  altHint: 'وصف قصير لمن لا يرى الصورة.',
  breakingHint: 'يظهر الخبر في شريط العاجل من وقت نشره. وقت انتهاء مكتوب في الملف يبقى كما هو ما لم تختر غيره.',
  breakingNo: 'لا',
  breakingYes: 'نعم، ست ساعات',
  draftHint: 'علّم هذه الخانة لتحفظ الخبر دون نشره؛ المسودة لا تظهر على الموقع.',
};

const en: EditorLabels = {
  articles: 'Articles',
  articleFiles: 'Single-file articles',
  article: 'Article',
  pages: 'Pages',
  page: 'Page',
  title: 'Title',
  summary: 'Summary',
  date: 'Published',
  updated: 'Updated',
  section: 'Section',
  author: 'Author',
  tags: 'Tags',
  tag: 'Tag',
  image: 'Photo',
  imageSrc: 'File',
  imageAlt: 'Description',
  imageCaption: 'Caption',
  imageCredit: 'Credit',
  featured: 'Lead story',
  breaking: 'Breaking',
  corrections: 'Corrections',
  correction: 'Correction',
  correctionDate: 'Date of the correction',
  correctionText: 'Correction',
  draft: 'Draft',
  body: 'Text',
  slug: 'Address (slug)',
  slugHint: 'Letters and digits joined by single hyphens (-): no spaces, punctuation or diacritics.',
  slugError: 'A slug is letters and digits joined by single hyphens: remove punctuation and diacritics.',
  titleHint: 'At most 200 characters.',
  altHint: 'A short description for readers who cannot see the photo.',
  breakingHint: 'In the breaking-news bar from the publication time. An end time written in the file is kept unless you choose otherwise.',
  breakingNo: 'No',
  breakingYes: 'Yes, for six hours',
  draftHint: 'Tick to save without publishing: a draft is not on the site.',
};

/** The labels for a site's language (BCP 47): Arabic for Arabic sites, English otherwise. */
export function editorLabels(language: string): EditorLabels {
  return language.toLowerCase().split('-')[0] === 'ar' ? ar : en;
}
