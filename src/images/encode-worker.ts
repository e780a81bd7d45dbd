// The photo encoder's process (encoder.ts): answers each request it is sent (a header read, or
// renditions encoded); it exits when the build disconnects and nothing is left to do.

import { encodeToFiles, readHeader } from './process.js';
import type { EncoderRequest } from './encoder.js';

// Structured clone hands a Buffer over as a plain Uint8Array.
const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

function answer(req: EncoderRequest): Promise<unknown> {
  if ('header' in req) return readHeader(asBuffer(req.header.bytes), req.header.maxPixels);
  const job = req.encode;
  return encodeToFiles(asBuffer(job.bytes), job.info, job.targets, job.quality, job.maxPixels);
}

process.on('message', (msg: { id: number; req: EncoderRequest }) => {
  const { id, req } = msg;
  void answer(req)
    .catch((err: Error) => ({ failed: 'error' as const, reason: err.message }))
    .then((outcome) => {
      if (process.connected) process.send!({ id, outcome });
    });
});
