// The concurrency limiters (src/concurrency.ts): never more calls at once than asked, every
// call run, results in the items' order, and a call that fails gives its slot back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inBatches, limiter } from '../../src/concurrency.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('inBatches keeps at most width calls pending and the results in the items’ order', async () => {
  let now = 0;
  let most = 0;
  const out = await inBatches([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
    most = Math.max(most, ++now);
    await tick(ms);
    now--;
    return `${i}:${ms}`;
  });
  assert.equal(most, 2);
  assert.deepEqual(out, ['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
});

test('a limiter runs at most width functions at once, the waiting ones in the order they came', async () => {
  const gate = limiter(2);
  let now = 0;
  let most = 0;
  const started: number[] = [];
  const results = await Promise.all([3, 1, 2, 1, 0, 2].map((ms, i) => gate(async () => {
    started.push(i);
    most = Math.max(most, ++now);
    await tick(ms);
    now--;
    return i * 10;
  })));
  assert.equal(most, 2);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(results, [0, 10, 20, 30, 40, 50]);
});

test('a function that fails gives its slot to the next', async () => {
  const gate = limiter(1);
  const failed = gate(async () => {
    await tick(1);
    throw new Error('decoder crashed');
  });
  const after = gate(async () => 'ran');
  await assert.rejects(failed, /decoder crashed/);
  assert.equal(await after, 'ran');
  // Slots freed with nobody waiting are there for later callers too.
  let now = 0;
  let most = 0;
  await Promise.all([1, 1, 1].map(() => gate(async () => {
    most = Math.max(most, ++now);
    await tick(1);
    now--;
  })));
  assert.equal(most, 1);
});
