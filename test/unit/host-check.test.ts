import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { hostAllowed, ownNames } from '../../electron/core/network/host-check';

// DNS rebinding: only this machine's own names and addresses, on the port the request came in on.
const names = new Set(['localhost', '127.0.0.1', '::1', '192.168.1.20', 'poste-district', 'poste-district.local']);

test('the Host of a request must name this machine, on the port it came in on', () => {
  for (const host of ['127.0.0.1:8765', 'localhost:8765', '[::1]:8765', '192.168.1.20:8765', 'Poste-District.local:8765', 'poste-district.:8765']) {
    assert.equal(hostAllowed(host, 8765, names, false), true, host);
  }
  for (const host of ['attacker.example:8765', 'attacker.example', '127.0.0.1:80', '127.0.0.1', '192.168.1.21:8765', '127.0.0.1.nip.io:8765', 'localhost:8765@evil', '', '[::2]:8765']) {
    assert.equal(hostAllowed(host, 8765, names, false), false, host);
  }
  assert.equal(hostAllowed(undefined, 8765, names, false), false);
  assert.equal(hostAllowed('192.168.1.20', 443, names, true), true, 'no port: 443 over TLS');
  assert.equal(hostAllowed('192.168.1.20', 80, names, false), true, 'no port: 80 in plain HTTP');
});

test('this machine\'s names: localhost, loopback, its host name, its addresses', () => {
  const own = ownNames();
  for (const n of ['localhost', '127.0.0.1', '::1', hostname().toLowerCase()]) assert.ok(own.has(n), n);
});
