// Runs HarfBuzz font subsetting (subset-font) in a worker thread. Its WebAssembly memory,
// about 100 MB, stays allocated for as long as the module lives: in a worker it is released
// when the worker ends, instead of weighing on the build's peak memory.

import { parentPort } from 'node:worker_threads';
import subsetFont from 'subset-font';

export interface SubsetRequest {
  id: number;
  source: Uint8Array;
  text: string;
  features: string[];
}

parentPort?.on('message', (req: SubsetRequest) => {
  subsetFont(Buffer.from(req.source), req.text, { targetFormat: 'woff2', keepFeatures: req.features }).then(
    (bytes) => parentPort!.postMessage({ id: req.id, bytes }),
    (err: unknown) => parentPort!.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
