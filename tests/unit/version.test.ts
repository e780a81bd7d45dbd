// The caches' key (src/version.ts): a kept output folder must not outlive a change of midad's
// code or of a library that shapes the output, even under the same version number.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ENGINE_KEY, engineKey, OUTPUT_LIBRARIES, packageVersion } from '../../src/version.js';
import { tempDir } from '../helpers/site.js';

describe('engineKey', () => {
  test('changes with the code, a library\'s version or midad\'s version, and only with them', async () => {
    const dir = await tempDir('midad-engine-');
    await mkdir(path.join(dir, 'render'));
    await writeFile(path.join(dir, 'build.js'), 'export const a = 1;\n');
    await writeFile(path.join(dir, 'render', 'page.js'), 'export const b = 2;\n');
    await writeFile(path.join(dir, 'notes.txt'), 'not code');
    const libs = { 'markdown-it': '15.0.3', nunjucks: '3.2.4' };
    const key = engineKey('0.1.0', dir, libs);
    assert.equal(engineKey('0.1.0', dir, { nunjucks: '3.2.4', 'markdown-it': '15.0.3' }), key, 'the order of the libraries does not matter');
    await writeFile(path.join(dir, 'notes.txt'), 'still not code');
    assert.equal(engineKey('0.1.0', dir, libs), key, 'files that are not code do not matter');
    assert.notEqual(engineKey('0.1.0', dir, { ...libs, 'markdown-it': '15.0.4' }), key, 'a library\'s version');
    assert.notEqual(engineKey('0.1.1', dir, libs), key, 'midad\'s version');
    await writeFile(path.join(dir, 'render', 'page.js'), 'export const b = 3;\n');
    assert.notEqual(engineKey('0.1.0', dir, libs), key, 'a byte of the code');
  });

  test('every library the running midad\'s key names is found with its version (else a bump of it would go unnoticed)', () => {
    assert.match(ENGINE_KEY, /^[0-9a-f]{16}$/);
    for (const name of OUTPUT_LIBRARIES) assert.match(packageVersion(name) ?? '', /^\d+\.\d+\.\d+/, name);
    assert.equal(packageVersion('no-such-package-midad'), undefined);
  });
});
