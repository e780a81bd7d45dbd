// When the site next changes by the clock alone (src/site/schedule.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../../src/model.js';
import { nextChange, nextChangeText } from '../../src/site/schedule.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const at = (iso: string, more: Partial<Article> = {}): Article => ({ date: new Date(iso), draft: false, ...more }) as Article;
const opts = { drafts: false, future: false, now: NOW };

test('the earliest of: a scheduled article going live, a published one leaving the two news days, a moment of its own', () => {
  assert.equal(nextChange([at('2026-03-01T15:00:00Z')], opts)?.toISOString(), '2026-03-01T15:00:00.000Z');
  assert.equal(nextChange([at('2026-02-28T13:00:00Z')], opts)?.toISOString(), '2026-03-02T13:00:00.000Z');
  assert.equal(nextChange([at('2026-02-28T13:00:00Z', { changesAt: [new Date('2026-03-01T13:00:00Z')] })], opts)?.toISOString(), '2026-03-01T13:00:00.000Z');
  assert.equal(nextChange([at('2026-03-05T00:00:00Z'), at('2026-02-28T13:00:00Z')], opts)?.toISOString(), '2026-03-02T13:00:00.000Z');
});

test('nothing due: old articles, drafts (unless built), moments already past', () => {
  assert.equal(nextChange([at('2026-01-01T00:00:00Z', { changesAt: [new Date('2026-02-01T00:00:00Z')] })], opts), undefined);
  assert.equal(nextChange([at('2026-03-02T00:00:00Z', { draft: true })], opts), undefined);
  assert.equal(nextChange([at('2026-03-02T00:00:00Z', { draft: true })], { ...opts, drafts: true })?.toISOString(), '2026-03-02T00:00:00.000Z');
  // With --future a future article is built already: it changes the site only when it leaves the news days.
  assert.equal(nextChange([at('2026-03-02T00:00:00Z')], { ...opts, future: true })?.toISOString(), '2026-03-04T00:00:00.000Z');
});

test('the file a workflow reads with `read -r next _`: whole seconds, rounded up', () => {
  assert.equal(nextChangeText(new Date('2026-03-01T15:00:00.250Z')), '1772377201 2026-03-01T15:00:00.250Z\n');
  assert.equal(nextChangeText(undefined), 'never\n');
});
