// When the site next changes by the clock alone (src/site/schedule.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParsedArticle } from '../../src/model.js';
import { nextChange, nextChangeText } from '../../src/site/schedule.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const at = (iso: string, more: Partial<ParsedArticle> = {}): ParsedArticle => ({ date: new Date(iso), draft: false, ...more }) as ParsedArticle;
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

test('a breaking story leaving the bar, and a story\'s cards no longer showing its time, are moments of their own', () => {
  const breaking = at('2026-03-01T10:00:00Z', { breakingUntil: new Date('2026-03-01T16:00:00Z') });
  assert.equal(nextChange([breaking], opts)?.toISOString(), '2026-03-01T16:00:00.000Z');
  // Dated with a time: its cards show the time for 24 hours, until 10:00 the next day.
  assert.equal(nextChange([at('2026-03-01T10:00:00Z', { dateHasTime: true })], opts)?.toISOString(), '2026-03-02T10:00:00.000Z');
  // A date alone never shows a time: the next change is its leaving the news days.
  assert.equal(nextChange([at('2026-03-01T10:00:00Z', { dateHasTime: false })], opts)?.toISOString(), '2026-03-03T10:00:00.000Z');
  // The bar's end already past: nothing from it.
  assert.equal(nextChange([at('2026-02-20T10:00:00Z', { breakingUntil: new Date('2026-02-20T16:00:00Z'), dateHasTime: true })], opts), undefined);
});
