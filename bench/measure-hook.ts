// Loaded with `node --import` into a measured process: at exit, writes the process's own
// CPU time and peak memory (RSS) to the file named by MIDAD_MEASURE, for bench/run.ts.

import { writeFileSync } from 'node:fs';

const target = process.env.MIDAD_MEASURE;
if (target) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, maxRssKb: u.maxRSS }));
  });
}
