// When `midad dev` must stop: Ctrl+C (SIGINT), a TERM to it, its terminal closing (SIGHUP),
// and the death of the process that started it. `npx midad dev` runs midad as a child of npx;
// an editor's terminal or IDE that stops the session sends TERM to npx alone, and npx does not
// pass it on: midad sees only that its parent changed (it was adopted), and stops then too.

/** How often to look for a new parent, in milliseconds: stopping within a second is enough. */
const PARENT_POLL_MS = 500;
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Calls `stop` once, on the first of the events above. Returns a function that removes the
 * handlers (after it, a second Ctrl+C ends the process at once, as Node does by default).
 */
export function onStopRequest(stop: () => void): () => void {
  const parent = process.ppid;
  let done = false;
  const once = (): void => {
    if (done) return;
    release();
    stop();
  };
  for (const s of SIGNALS) process.on(s, once);
  const timer = setInterval(() => {
    if (process.ppid !== parent) once();
  }, PARENT_POLL_MS);
  // The poll alone must never keep the process alive.
  timer.unref();
  const release = (): void => {
    done = true;
    clearInterval(timer);
    for (const s of SIGNALS) process.removeListener(s, once);
  };
  return release;
}
