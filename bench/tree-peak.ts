// Runs a command and samples, from outside, the memory of its whole process tree: every 25 ms
// the RSS of the command and of every process below it (midad's render threads are in its own
// RSS; its Pagefind processes are children, started and ended shard by shard) is read from
// /proc and summed, and the largest sum is written to the file named first.
//   node dist/bench/tree-peak.js OUT.json -- command args…
// Exits with the command's exit code. Sampling from outside sees what an in-process sampler
// misses while the measured process's own event loop is busy.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const [out, dashes, command, ...args] = process.argv.slice(2);
if (!out || dashes !== '--' || !command) {
  process.stderr.write('usage: tree-peak OUT.json -- command args…\n');
  process.exit(2);
}

/** The process's children, from every one of its threads. */
function children(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const t of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ')) if (c.trim()) found.push(Number(c));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return found;
}

/** Resident memory of a process in KB (0 when it is gone). */
function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const child = spawn(command, args, { stdio: 'inherit' });
let peakKb = 0;
let peakProcesses = 0;
const sample = (): void => {
  if (child.pid === undefined) return;
  let sum = 0;
  let n = 0;
  const queue = [child.pid];
  while (queue.length) {
    const pid = queue.pop()!;
    const kb = rssKb(pid);
    if (kb === 0) continue;
    sum += kb;
    n++;
    queue.push(...children(pid));
  }
  if (sum > peakKb) {
    peakKb = sum;
    peakProcesses = n;
  }
};
const timer = setInterval(sample, 25);
child.on('exit', (code, signal) => {
  clearInterval(timer);
  const cpu = process.cpuUsage();
  writeFileSync(out, JSON.stringify({ peakTreeKb: peakKb, processes: peakProcesses, selfCpuMs: (cpu.user + cpu.system) / 1000 }));
  process.exit(code ?? (signal ? 1 : 0));
});
