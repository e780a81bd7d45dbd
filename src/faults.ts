// Fault injection for the tests that prove a build survives being killed or meeting a full
// disk. Read from the environment at each step (a test may set it for one build in its own
// process); when unset, each hook is one look-up.
//
//   MIDAD_TEST_KILL_AT=stage:n   the process kills itself (SIGKILL, no clean-up) at the n-th
//                                step of a stage: parse, images, render, index, commit, or
//                                encoder (the photo encoder's own process dies, not the build)
//   MIDAD_TEST_FAIL_WRITE=CODE:n the n-th file staged for the output folder fails with CODE
//                                (ENOSPC, EACCES…), as a full disk or a read-only folder would
//   MIDAD_TEST_FAIL_COMMIT=CODE:n the n-th file moved into the output folder fails with CODE

export type KillStage = 'parse' | 'images' | 'encoder' | 'render' | 'index' | 'commit';

const counts = new Map<string, number>();

/** The hook's setting, `NAME:n`; its count starts again when the setting changes. */
function setting(variable: string): { name: string; at: number; count: () => number } | undefined {
  const spec = process.env[variable];
  const m = spec ? /^([A-Za-z]+):(\d+)$/.exec(spec) : null;
  if (!m) return undefined;
  const key = `${variable}=${spec}`;
  return { name: m[1]!, at: Number(m[2]), count: () => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  } };
}

/** One more step of `stage`: dies here when the test asked for it. */
export function killPoint(stage: KillStage): void {
  const kill = setting('MIDAD_TEST_KILL_AT');
  if (kill?.name === stage && kill.count() >= kill.at) process.kill(process.pid, 'SIGKILL');
}

/** One more file written for the output folder: throws the error the test asked for. */
export function writeFault(file: string): void {
  const f = setting('MIDAD_TEST_FAIL_WRITE');
  if (f && f.count() >= f.at) throw fault(f.name, 'write', file);
}

/** One more file moved into the output folder at commit: throws the error the test asked for. */
export function commitFault(file: string): void {
  const f = setting('MIDAD_TEST_FAIL_COMMIT');
  if (f && f.count() >= f.at) throw fault(f.name, 'rename', file);
}

function fault(code: string, syscall: string, file: string): Error {
  return Object.assign(new Error(`${code}: injected fault, ${syscall} '${file}'`), { code, syscall, path: file });
}
