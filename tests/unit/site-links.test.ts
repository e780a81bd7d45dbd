// What a footer or author link may be (http(s) with a host, or a mailto address), and the
// names networks are shown by.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLinkUrl } from '../../src/config/site.js';
import { socialName } from '../../src/render/social.js';

test('isLinkUrl: http(s) with a host and mailto with an address; nothing else', () => {
  for (const ok of ['https://x.com/alfasel', 'http://example.org/', 'https://t.me/alfasel', 'mailto:desk@example.org']) assert.equal(isLinkUrl(ok), true, ok);
  for (const bad of ['x.com/alfasel', '@alfasel', 'javascript:alert(1)', 'data:text/html,hi', 'mailto:', 'mailto:desk', 'ftp://example.org/', 'https://', '', '/about/']) {
    assert.equal(isLinkUrl(bad), false, bad);
  }
});

test('socialName: the network\'s own name in Arabic or English; an unknown key as written', () => {
  assert.equal(socialName('x', 'ar'), 'إكس');
  assert.equal(socialName('YouTube', 'ar-IQ'), 'يوتيوب');
  assert.equal(socialName('telegram', 'en'), 'Telegram');
  assert.equal(socialName('soundcloud', 'ar'), 'soundcloud');
});
