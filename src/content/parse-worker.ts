// A parse thread: parses batches of article files (front matter, validation,
// Markdown) while the other threads do the same, so a cold build of a large archive uses every
// core. The articles come back as plain data; the main thread stores the bodies.
//
//   main → worker   workerData: { site, trust }; then ParseJob[] batches
//   worker → main   ParseOutcome[] per batch, in the batch's order

import { parentPort, workerData } from 'node:worker_threads';
import { createMarkdown } from '../markdown/index.js';
import type { Site } from '../model.js';
import type { SiteTrust } from './article.js';
import { parseFile, type ParseJob } from './parse-file.js';

const data = workerData as { midadParse?: { site: Site; trust?: SiteTrust } } | null;
if (parentPort && data?.midadParse) {
  const port = parentPort;
  const { site, trust } = data.midadParse;
  const md = createMarkdown({ language: site.language });
  port.on('message', (jobs: ParseJob[]) => {
    port.postMessage(jobs.map((job) => parseFile(job, site, md, trust)));
  });
}
