// Loaded with `node --import` into a measured process: at exit, writes to the file named by
// MIDAD_MEASURE the process's own CPU time and peak memory (RSS), and those of its child
// processes that it never waited for, for bench/run.ts.
//
// Why the children: midad's Pagefind indexer is a child process that is killed, not waited
// for, when the build ends, so neither GNU time nor the process's own resource usage counts
// it. The children are read from /proc ten times a second; a child's CPU is exact once it is idle
// (Pagefind is, after writing its bundle), and the tree's peak memory is the largest sum of
// the process's and its children's RSS seen at one reading (on the main thread's event loop,
// so a peak while that thread is busy can be missed: a lower bound). Children the process
// waited for are in GNU time's figures (bench/run.ts), not here.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const target = process.env.MIDAD_MEASURE;
/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** The live (or not yet waited for) child processes of this process, from every thread. */
function childPids(): number[] {
  const pids = new Set<number>();
  let tasks: string[] = [];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return [];
  }
  for (const t of tasks) {
    try {
      for (const p of readFileSync(`/proc/self/task/${t}/children`, 'utf8').split(' ')) if (p.trim()) pids.add(Number(p));
    } catch {
      // a thread that ended meanwhile
    }
  }
  return [...pids];
}

/** CPU milliseconds (from /proc/PID/stat) and resident kilobytes (from /proc/PID/status, whatever the page size) of a process. */
function usage(pid: number): { cpuMs: number; rssKb: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // Fields after "(comm) ": state is [0], utime [11], stime [12].
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuMs, rssKb: rss ? Number(rss[1]) : 0 };
  } catch {
    return undefined;
  }
}

if (target) {
  let peakTreeKb = 0;
  let children = new Map<number, number>();
  const poll = (): void => {
    const now = new Map<number, number>();
    let rss = process.memoryUsage.rss() / 1024;
    for (const pid of childPids()) {
      const u = usage(pid);
      if (!u) continue;
      now.set(pid, u.cpuMs);
      rss += u.rssKb;
    }
    children = now;
    peakTreeKb = Math.max(peakTreeKb, rss);
  };
  const timer = setInterval(poll, 100);
  timer.unref();
  process.on('exit', () => {
    poll();
    const u = process.resourceUsage();
    const unwaitedChildrenMs = [...children.values()].reduce((a, b) => a + b, 0);
    writeFileSync(target, JSON.stringify({
      userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, maxRssKb: u.maxRSS,
      unwaitedChildrenMs, peakTreeKb: Math.max(peakTreeKb, u.maxRSS),
    }));
  });
}
