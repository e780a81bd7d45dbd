// site.yml → the web editor's configuration (/admin/config.yml, Sveltia CMS's format): its
// forms hold exactly the front-matter keys midad accepts, its choices are site.yml's sections
// and authors, and it saves files where and how midad reads them. Built with every build, so
// a section added to site.yml is offered by the editor after the next one.

import { stringify } from 'yaml';
import type { Site } from '../model.js';
import { editorLabels, type EditorLabels } from './labels.js';

/** Where midad reads articles and static pages, relative to the site root. */
export const ARTICLES_FOLDER = 'content/articles';
export const PAGES_FOLDER = 'content/pages';
/** Photos uploaded outside an article (the editor's own library). */
export const MEDIA_FOLDER = 'content/media';

/**
 * midad's slug rule (src/content/article.ts) written for the editor: letters and digits of
 * any script joined by single hyphens, nothing upper-case. The editor reads `/…/u` as a
 * regular expression with its flags.
 */
export const SLUG_PATTERN = '/^(?!.*\\p{Lu})[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)*$/u';

/** The image types midad publishes; the editor would otherwise also take HEIC and SVG. */
const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

type Field = Record<string, unknown>;

/** The editor's configuration as a plain object (see `editorConfigYaml` for the file). */
export function editorConfig(site: Site): Record<string, unknown> {
  const editor = site.editor;
  if (!editor) throw new Error('editorConfig needs site.editor');
  const l = editorLabels(site.language);
  return {
    backend: {
      name: 'github',
      repo: editor.repository,
      branch: editor.branch,
      // Without a sign-in helper, only a personal token can sign in: the editor's default
      // helper is Netlify's, which a site on another host cannot use.
      ...(editor.authUrl ? { base_url: editor.authUrl, auth_methods: ['oauth', 'token'] } : { auth_methods: ['token'] }),
    },
    // With review, a save opens a pull request (the site's check runs on it) and the editor's
    // "publish" merges it: a repository whose main branch requires pull requests stays so.
    ...(editor.review ? { publish_mode: 'editorial_workflow' } : {}),
    app_title: site.title,
    site_url: site.baseUrl,
    media_folder: MEDIA_FOLDER,
    public_folder: `/${MEDIA_FOLDER}`,
    // The free photo libraries the editor offers are other hosts (and other people's photos).
    media_libraries: { stock_assets: false },
    // The editor's slugs keep Arabic letters; the form then checks them against midad's rule.
    slug: { encoding: 'unicode', clean_accents: false, sanitize_replacement: '-', trim: true, lowercase: true },
    // An empty optional field is left out, never written as '' or []: midad would read
    // `updated: ''` as a date that is not one.
    output: { omit_empty_optional_fields: true, yaml: { indent_size: 2, indent_sequences: true, quote: 'none' } },
    collections: [articlesCollection(site, l), singleFileArticles(site, l), pagesCollection(l)],
  };
}

/** The editor's configuration file, as written to /admin/config.yml. */
export function editorConfigYaml(site: Site): string {
  return `# Made by midad from content/site.yml at every build: edit site.yml, not this file.\n${stringify(editorConfig(site), { lineWidth: 0 })}`;
}

function articleFields(site: Site, l: EditorLabels): Field[] {
  const dateField = (name: string, label: string, required: boolean, extra: Field = {}): Field => ({
    name, label, widget: 'datetime', required,
    // Typed in the site's timezone and saved with its offset (2026-01-24T09:30:00+03:00): the
    // moment midad publishes is the one the editor saw, wherever the journalist is.
    input_timezone: site.timezone, output_utc: false, ...extra,
  });
  const authors = site.authors.map((a) => ({ label: a.name, value: a.slug }));
  return [
    { name: 'title', label: l.title, widget: 'string', maxlength: 200, hint: l.titleHint },
    { name: 'summary', label: l.summary, widget: 'text' },
    dateField('date', l.date, true, { default: '{{now}}' }),
    dateField('updated', l.updated, false),
    {
      name: 'section', label: l.section, widget: 'select',
      options: site.sections.map((s) => ({ label: s.name, value: s.slug })),
      ...(site.sections[0] ? { default: site.sections[0].slug } : {}),
    },
    ...(authors.length
      ? [{
        name: 'author', label: l.author, widget: 'select', multiple: true, required: false, options: authors,
        ...(site.defaultAuthor ? { default: [site.defaultAuthor] } : {}),
      }]
      : []),
    { name: 'tags', label: l.tags, label_singular: l.tag, widget: 'list', required: false, field: { name: 'tag', label: l.tag, widget: 'string' } },
    {
      name: 'image', label: l.image, widget: 'object', required: false, collapsed: 'auto',
      fields: [
        { name: 'src', label: l.imageSrc, widget: 'image', accept: IMAGE_TYPES, choose_url: false },
        { name: 'alt', label: l.imageAlt, widget: 'string', hint: l.altHint },
        { name: 'caption', label: l.imageCaption, widget: 'text', required: false },
        { name: 'credit', label: l.imageCredit, widget: 'string', required: false },
      ],
    },
    { name: 'featured', label: l.featured, widget: 'boolean', required: false, default: false },
    // A choice, not a switch: a switch would turn an end time written in the file
    // (`breaking: 2026-03-01T20:00:00+03:00`) into `false`; a choice keeps it until one is picked.
    {
      name: 'breaking', label: l.breaking, widget: 'select', required: false, hint: l.breakingHint,
      options: [{ label: l.breakingNo, value: false }, { label: l.breakingYes, value: true }],
    },
    {
      name: 'corrections', label: l.corrections, label_singular: l.correction, widget: 'list', required: false, collapsed: 'auto',
      summary: '{{fields.date}}',
      fields: [dateField('date', l.correctionDate, true, { default: '{{now}}' }), { name: 'text', label: l.correctionText, widget: 'text' }],
    },
    // Not ticked by default: the editor fills an article's missing `draft` with the default when
    // it is saved, and an article published before would otherwise be taken off the site.
    { name: 'draft', label: l.draft, widget: 'boolean', required: false, default: false, hint: l.draftHint },
    bodyField(l),
  ];
}

/**
 * New articles, and those with their photos in a folder: `YYYY/MM/DD/SLUG/index.md`. The
 * slug is chosen once, when the article is started: after that it is part of a published URL.
 */
function articlesCollection(site: Site, l: EditorLabels): Record<string, unknown> {
  return {
    name: 'articles', label: l.articles, label_singular: l.article, icon: 'newspaper',
    folder: ARTICLES_FOLDER,
    // A folder per article with its photos beside index.md, under the day it was started, as
    // `midad new` lays them out; the URL's date comes from `date`, not from the folder.
    path: '{{year}}/{{month}}/{{day}}/{{slug}}/index',
    media_folder: '', public_folder: '',
    extension: 'md', format: 'yaml-frontmatter',
    slug: { template: '{{title}}', editable: ['create'], pattern: [SLUG_PATTERN, l.slugError], hint: l.slugHint },
    ...articleListing(site, l),
  };
}

/**
 * The articles `midad new` starts, one file each (`YYYY/MM/DD/SLUG.md`, photos in the day's
 * folder): edited in the same form; new ones are made in the collection above.
 */
function singleFileArticles(site: Site, l: EditorLabels): Record<string, unknown> {
  return {
    name: 'article-files', label: l.articleFiles, label_singular: l.article, icon: 'draft',
    folder: ARTICLES_FOLDER, path: '{{year}}/{{month}}/{{day}}/{{slug}}',
    media_folder: '', public_folder: '',
    extension: 'md', format: 'yaml-frontmatter',
    create: false, slug: { template: '{{title}}', editable: false },
    ...articleListing(site, l),
  };
}

function articleListing(site: Site, l: EditorLabels): Record<string, unknown> {
  return {
    summary: '{{title}}',
    sortable_fields: { fields: ['date', 'title'], default: { field: 'date', direction: 'descending' } },
    fields: articleFields(site, l),
    ...previewPath(site),
  };
}

function pagesCollection(l: EditorLabels): Record<string, unknown> {
  return {
    name: 'pages', label: l.pages, label_singular: l.page, icon: 'description',
    folder: PAGES_FOLDER, path: '{{slug}}', media_folder: '', public_folder: '',
    extension: 'md', format: 'yaml-frontmatter',
    slug: { template: '{{title}}', editable: ['create'], pattern: [SLUG_PATTERN, l.slugError], hint: l.slugHint },
    fields: [
      { name: 'title', label: l.title, widget: 'string', maxlength: 200 },
      { name: 'summary', label: l.summary, widget: 'text', required: false },
      { name: 'slug', label: l.slug, widget: 'string', required: false, pattern: [SLUG_PATTERN, l.slugError], hint: l.slugHint },
      bodyField(l),
    ],
  };
}

/** The body in Markdown: only what midad renders (no raw HTML, no code-block highlighter, which the editor loads from a CDN). */
function bodyField(l: EditorLabels): Field {
  return {
    name: 'body', label: l.body, widget: 'markdown',
    buttons: ['bold', 'italic', 'link', 'heading-two', 'heading-three', 'quote', 'bulleted-list', 'numbered-list'],
    editor_components: ['image'], linked_images: false,
  };
}

/** The editor's "view on the site" link, from the site's permalink pattern (relative to `site_url`). */
function previewPath(site: Site): Record<string, unknown> {
  const p = site.permalink.replace('{yyyy}', '{{year}}').replace('{mm}', '{{month}}').replace('{dd}', '{{day}}')
    .replace('{slug}', '{{slug}}').replace('{section}', '{{fields.section}}');
  return { preview_path: p.replace(/^\//, ''), preview_path_date_field: 'date' };
}
