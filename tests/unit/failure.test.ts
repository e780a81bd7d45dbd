// Failures that are not the content's: one plain line in the run's language, with their cause,
// and never a diagnostic with a position.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BuildFailure, failureLine, failureOf } from '../../src/failure.js';
import { SearchIndexError } from '../../src/search/failure.js';
import { DamagedCacheError } from '../../src/cache/damaged.js';
import { LockedError } from '../../src/output/lock.js';

function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, syscall, path: file });
}

describe('build failures', () => {
  test('Pagefind dying: the search line, with what Pagefind said as its cause', () => {
    const died = new Error('Pagefind exited with signal SIGKILL');
    const f = new SearchIndexError(died.message, { cause: died });
    assert.equal(failureOf(f), f);
    assert.equal(f.cause, died);
    assert.equal(failureLine(f, 'midad', 'en'), 'midad: the search index could not be built: Pagefind exited with signal SIGKILL; nothing was published (run the build again; if it fails again, the machine may be short of memory)\n');
    assert.match(failureLine(f, 'midad', 'ar'), /^midad: تعذر بناء فهرس البحث: Pagefind exited with signal SIGKILL؛ لم يُنشر شيء/);
  });

  test('a file that cannot be written: the path, the reason in words, the error as its cause', () => {
    const err = fsError('ENOSPC', 'write', path.join(process.cwd(), 'public', 'index.html'));
    const f = failureOf(err)!;
    assert.ok(f instanceof BuildFailure);
    assert.equal(f.cause, err);
    assert.equal(failureLine(f, 'midad', 'en'), `midad: cannot write "${path.join('public', 'index.html')}": the disk is full; nothing was published\n`);
    assert.match(failureLine(f, 'midad', 'ar'), /: القرص ممتلئ؛ لم يُنشر شيء\n$/);
  });

  test('a folder that cannot be made because a file is there: a file in the way', () => {
    const f = failureOf(fsError('EEXIST', 'mkdir', '/elsewhere/x'))!;
    assert.match(f.message, /^cannot mkdir "[^"]*x": a file is in the way where a folder must be; nothing was published$/);
  });

  test('a damaged cache and a held lock are failures too', () => {
    assert.match(failureLine(new DamagedCacheError('bodies.pack'), 'midad', 'en'), /^midad: midad's cache is damaged \(bodies\.pack\)/);
    const locked = new LockedError(path.join(process.cwd(), '.midad-cache', 'lock'), { pid: 42, host: 'ci', since: '2026-01-24T09:00:00Z' }, 0);
    assert.match(failureLine(locked, 'midad', 'en'), /another build is writing this site \(process 42 on ci, since 2026-01-24T09:00:00Z\); waited 0 s.*delete "\.midad-cache\/lock"$/m);
  });

  test('a bug in midad is none: it keeps its stack for the internal-error report', () => {
    assert.equal(failureOf(new TypeError('x is undefined')), undefined);
    assert.equal(failureOf(fsError('EBADF', 'read', '/x')), undefined);
    assert.equal(failureOf('a string'), undefined);
  });
});
