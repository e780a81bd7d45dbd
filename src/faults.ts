// Fault injection for the tests that prove a build survives being killed or meeting a full
// disk. Read from the environment once; when unset, each hook is one comparison.
//
//   MIDAD_TEST_KILL_AT=stage:n   the process kills itself (SIGKILL, no clean-up) at the n-th
//                                step of a stage: parse, images, render, index, commit
//   MIDAD_TEST_FAIL_WRITE=CODE:n the n-th file staged for the output folder fails with CODE
//                                (ENOSPC, EACCES…), as a full disk or a read-only folder would
//   MIDAD_TEST_FAIL_COMMIT=CODE:n the n-th file moved into the output folder fails with CODE

export type KillStage = 'parse' | 'images' | 'render' | 'index' | 'commit';

const kill = parse(process.env.MIDAD_TEST_KILL_AT);
const failWrite = parse(process.env.MIDAD_TEST_FAIL_WRITE);
const failCommit = parse(process.env.MIDAD_TEST_FAIL_COMMIT);
const counts = new Map<string, number>();
let writes = 0;
let moves = 0;

function parse(spec: string | undefined): { name: string; at: number } | undefined {
  const m = spec ? /^([A-Za-z]+):(\d+)$/.exec(spec) : null;
  return m ? { name: m[1]!, at: Number(m[2]) } : undefined;
}

/** One more step of `stage`: dies here when the test asked for it. */
export function killPoint(stage: KillStage): void {
  if (!kill || kill.name !== stage) return;
  const n = (counts.get(stage) ?? 0) + 1;
  counts.set(stage, n);
  if (n >= kill.at) process.kill(process.pid, 'SIGKILL');
}

/** One more file written for the output folder: throws the error the test asked for. */
export function writeFault(file: string): void {
  if (failWrite && ++writes >= failWrite.at) throw fault(failWrite.name, 'write', file);
}

/** One more file moved into the output folder at commit: throws the error the test asked for. */
export function commitFault(file: string): void {
  if (failCommit && ++moves >= failCommit.at) throw fault(failCommit.name, 'rename', file);
}

function fault(code: string, syscall: string, file: string): Error {
  return Object.assign(new Error(`${code}: injected fault, ${syscall} '${file}'`), { code, syscall, path: file });
}
