// The closed set of diagnostic codes: each stable kebab-case, listed once, and reported somewhere.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../../src/diagnostics.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && e.name !== 'diagnostic-codes.ts' ? [readFileSync(full, 'utf8')] : [];
  });
}

describe('diagnostic codes', () => {
  test('each is kebab-case and listed once', () => {
    for (const code of DIAGNOSTIC_CODES) assert.match(code, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    assert.equal(new Set(DIAGNOSTIC_CODES).size, DIAGNOSTIC_CODES.length);
  });
  test('each is reported by some stage (no code is left over from one that is gone)', () => {
    const text = sources(SRC).join('\n');
    const unused = DIAGNOSTIC_CODES.filter((code) => !text.includes(`'${code}'`));
    assert.deepEqual(unused, []);
  });
  test('isDiagnosticCode tells codes from other words', () => {
    assert.equal(isDiagnosticCode('unknown-key'), true);
    assert.equal(isDiagnosticCode('unknown-keys'), false);
    assert.equal(isDiagnosticCode(undefined), false);
  });
});
