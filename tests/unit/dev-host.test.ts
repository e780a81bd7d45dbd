// Which Host headers `midad dev` answers (src/dev/host.ts): its own names with its own port,
// nothing else, whatever the spelling.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isOwnHost, ownNames, urlHost } from '../../src/dev/host.js';

describe('isOwnHost', () => {
  const loopback = ownNames('127.0.0.1');
  const cases: Array<[string | undefined, boolean]> = [
    ['127.0.0.1:8080', true], ['localhost:8080', true], ['LocalHost:8080', true], ['localhost.:8080', true], ['[::1]:8080', true],
    ['127.0.0.1:8081', false], ['127.0.0.1', false], ['localhost', false], ['attacker.example:8080', false],
    ['127.0.0.1.nip.io:8080', false], ['localhost.attacker.example:8080', false], ['localhost:8080@attacker.example', false],
    ['127.0.0.1:8080, attacker.example', false], ['[::1]', false], ['::1:8080', false], ['', false], [undefined, false],
  ];
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)} → ${expected}`, () => assert.equal(isOwnHost(header, loopback, 8080), expected));
  }

  test('port 80 may be left out', () => {
    assert.equal(isOwnHost('localhost', loopback, 80), true);
    assert.equal(isOwnHost('localhost:80', loopback, 80), true);
  });

  test('--host adds its own name, and only that', () => {
    const names = ownNames('192.168.1.20');
    assert.equal(isOwnHost('192.168.1.20:8080', names, 8080), true);
    assert.equal(isOwnHost('192.168.1.21:8080', names, 8080), false);
    assert.equal(isOwnHost('newsroom-laptop:8080', ownNames('newsroom-laptop'), 8080), true);
  });

  test('every interface: the addresses of this machine, not any address', () => {
    const names = ownNames('0.0.0.0');
    assert.ok(names.has('127.0.0.1'));
    assert.equal(isOwnHost('203.0.113.99:8080', names, 8080), false);
  });

  test('urlHost brackets IPv6 and lower-cases names', () => {
    assert.equal(urlHost('::1'), '[::1]');
    assert.equal(urlHost('[::1]'), '[::1]');
    assert.equal(urlHost('LOCALHOST'), 'localhost');
  });
});
