// What this build does, decided once, before anything is made: nothing (the inputs are the
// last build's, so its output stands), a partial build (pages made from unchanged inputs are
// kept as they are), or a full one (the first build, --clean, `midad check`, a failing build).

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from '../build.js';
import { articleImages } from '../images/uses.js';
import type { Site } from '../model.js';
import { previousBuild, readManifest, type Manifest } from '../output/write.js';
import { createTemplates, templateFingerprint, type TemplateSet } from '../render/templates.js';
import type { SiteModel } from '../site/assemble.js';
import { ENGINE_KEY } from '../version.js';
import type { LoadedContent } from './load.js';
import type { BuildRun } from './run.js';

export type BuildPlan =
  | { mode: 'unchanged'; previous: { files: number; pages: number } }
  | {
    mode: 'full' | 'partial';
    templates: TemplateSet;
    /** A hash of every template file: part of every page's input key. */
    templateKey: string;
    /** The whole build's input key, recorded at commit (undefined: nothing to record). */
    buildKey: string | undefined;
    /** What the writer starts from: the last build's manifest (without its input keys for a full build, which keeps nothing). */
    manifest: Manifest | undefined;
  };

export async function planBuild(run: BuildRun, loaded: LoadedContent, model: SiteModel): Promise<BuildPlan> {
  const { opts, bag } = run;
  const templates = createTemplates(opts.root);
  const templateKey = templateFingerprint(templates);
  if (!opts.write) return { mode: 'full', templates, templateKey, buildKey: undefined, manifest: undefined };
  const inputs = loaded.read.fingerprint + loaded.staticPages.map((p) => `\0${p.file}\0${p.sourceHash}`).join('');
  const buildKey = bag.hasErrors ? undefined : buildInputKey(opts, loaded.site, model, inputs, templateKey);
  const manifest = await readManifest(opts.out);
  const before = buildKey && !opts.clean ? previousBuild(manifest) : undefined;
  if (buildKey && before?.key === buildKey) return { mode: 'unchanged', previous: before };
  // --clean renders every page again: the manifest still says which files midad wrote (to
  // remove the stale ones), but not what they were made from.
  if (!manifest || opts.clean) return { mode: 'full', templates, templateKey, buildKey, manifest: manifest && { ...manifest, inputs: {} } };
  return { mode: 'partial', templates, templateKey, buildKey, manifest };
}

/**
 * Everything the whole build is made from: midad, site.yml, the options, the templates, every
 * article file's bytes, every image file's and the logo's size and time, and what depends on the clock (which
 * articles are published, which are in the news sitemap's two days, which are still future).
 */
function buildInputKey(opts: BuildOptions, site: Site, model: SiteModel, articles: string, templates: string): string {
  const h = createHash('sha1');
  h.update(JSON.stringify([ENGINE_KEY, opts.out, opts.baseUrl ?? '', opts.drafts, opts.future, site, templates, articles]));
  for (const file of [site.logo, ...site.authors.map((a) => a.photo?.src)]) {
    if (!file) continue;
    const st = statSync(path.resolve(site.root, file), { throwIfNoEntry: false });
    h.update(`${file}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\0`);
  }
  const twoDays = 2 * 86_400_000;
  for (const a of model.articles) {
    const age = model.now.getTime() - a.date.getTime();
    // The 24 hours a card tells the time of day, and the hours a story is in the breaking bar.
    const breaking = a.breakingUntil && age >= 0 && model.now.getTime() < a.breakingUntil.getTime();
    h.update(`${a.file}\0${age < 0 ? 'future' : age <= twoDays ? 'news' : ''}\0${age >= 0 && age < 86_400_000 ? 'recent' : ''}\0${breaking ? 'breaking' : ''}\0`);
    for (const { ref } of articleImages(a)) {
      const st = statSync(ref.path, { throwIfNoEntry: false });
      h.update(`${ref.path}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\0`);
    }
  }
  return h.digest('hex');
}
