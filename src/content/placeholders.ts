// The placeholder text that `midad new` writes into a new article, in one place: the command
// writes it, and the article check refuses it in an article that is no longer a draft.

export const PLACEHOLDER_TITLE = 'اكتب العنوان هنا';
export const PLACEHOLDER_SUMMARY = 'اكتب هنا الموجز: جملة أو جملتان تلخصان الخبر وتظهران تحت العنوان وفي نتائج البحث.';
export const PLACEHOLDER_BODY = 'اكتب هنا الفقرة الأولى من الخبر: من، ماذا، متى، أين.';
