// The photo encoder's process (encoder.ts): encodes each job it is sent, replies with the
// outcome; it exits when the build disconnects and nothing is left to do.

import { encodeToFiles } from './process.js';
import type { EncodeJob } from './encoder.js';

process.on('message', (msg: { id: number; job: EncodeJob }) => {
  const { id, job } = msg;
  // Structured clone hands a Buffer over as a plain Uint8Array.
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  void encodeToFiles(bytes, job.info, job.targets, job.quality, job.maxPixels)
    .catch((err: Error) => ({ failed: 'error' as const, reason: err.message }))
    .then((outcome) => {
      if (process.connected) process.send!({ id, outcome });
    });
});
