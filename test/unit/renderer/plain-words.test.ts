import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTestOutcome } from '../../../renderer/src/components/connection/test-outcome';
import { attributeLabel, suggest } from '../../../renderer/src/components/mapping/mapping-choice';
import { comparisonWords } from '../../../renderer/src/components/print/review-words';
import { dhis2Words, errorWords, plainHttpAddress, reasonOfDhis2Message } from '../../../renderer/src/error-words';
import { translate } from '../../../renderer/src/i18n';
import { secondsLeft, shownProgress } from '../../../renderer/src/task-progress';

// The plain functions behind the "plain words" screens: what an error says, the http:// offer, the time left,
// a full bar at the end, the photo suggestion, names for unnamed attributes, "empty on both sides".

test('each API error code has its own words in both languages, unknown codes general ones', () => {
  for (const code of ['validation_failed', 'forbidden', 'not_found', 'conflict', 'dhis2_unreachable', 'internal_error', 'network_error']) {
    const w = errorWords(code);
    assert.equal(w.lead, `errors.lead.${code}`);
    assert.notEqual(translate('fr', w.lead), translate('en', w.lead));
    assert.notEqual(translate('fr', w.next), w.next, 'the key exists');
  }
  assert.equal(errorWords('invalid_json').lead, 'errors.lead.request');
  assert.equal(errorWords('http_error').lead, 'errors.lead.other');
  assert.match(translate('fr', errorWords('network_error').lead), /Le service Oomus ne répond pas/);
});

test('a DHIS2 reason says what to do; plain_http tells to type http://', () => {
  assert.match(translate('fr', dhis2Words('plain_http')), /http:\/\//);
  assert.match(translate('fr', dhis2Words('plain_http')), /ne parle pas HTTPS/);
  assert.match(translate('en', dhis2Words('refused')), /port/);
  assert.equal(dhis2Words('bad_request'), 'errors.dhis2.other');
  assert.equal(dhis2Words(undefined), 'errors.dhis2.other');
});

test('the http:// offer keeps the typed address, only switching or adding the scheme', () => {
  assert.equal(plainHttpAddress('127.0.0.1:8080'), 'http://127.0.0.1:8080');
  assert.equal(plainHttpAddress('  https://dhis2.local/dhis '), 'http://dhis2.local/dhis');
  assert.equal(plainHttpAddress('HTTPS://Host:1'), 'http://Host:1');
  assert.equal(plainHttpAddress('http://already.plain'), null);
  assert.equal(plainHttpAddress(''), null);
});

test('the test-connection answer carries its reason; refused sign-in and old servers are their own', () => {
  const plain = readTestOutcome({ status: 503, body: { status: 'unreachable', error: 'x answers in plain HTTP', reason: 'plain_http' } });
  assert.deepEqual(plain, { kind: 'refused', status: 'unreachable', message: 'x answers in plain HTTP', reason: 'plain_http' });
  const auth = readTestOutcome({ status: 401, body: { status: 'auth_failed', error: 'Invalid DHIS2 credentials.' } });
  assert.equal(auth.kind === 'refused' && auth.reason, 'auth');
  const old = readTestOutcome({ status: 503, body: { status: 'unreachable', error: 'no reason given' } });
  assert.equal(old.kind === 'refused' && old.reason, undefined);
});

test('a stored sync error is read back to its reason; others get no reason', () => {
  assert.equal(reasonOfDhis2Message('h/api/x refused the connection: the server is down or the port is wrong.'), 'refused');
  assert.equal(reasonOfDhis2Message('P1: h/api/x answers in plain HTTP, not HTTPS (EPROTO): …'), 'plain_http');
  assert.equal(reasonOfDhis2Message('DHIS2 answered 401 for h/api/me: check the user name'), 'auth');
  assert.equal(reasonOfDhis2Message('Programme X is not a tracker programme this DHIS2 user can see.'), undefined);
});

const timing = { status: 'running' as const, progress: 40, eta_seconds: null, started_at: '2026-01-01T10:00:00Z' };
test('time left: the engine’s estimate, else the pace so far; nothing once ended or under a second', () => {
  const now = Date.parse('2026-01-01T10:00:40Z');
  assert.equal(secondsLeft({ ...timing, eta_seconds: 75 }, now), 75);
  assert.equal(secondsLeft(timing, now), 60, '40 s for 40 %: 60 s for the 60 % left');
  assert.equal(secondsLeft({ ...timing, eta_seconds: 0 }, now), null);
  assert.equal(secondsLeft({ ...timing, progress: 1 }, now), null, 'too early to tell');
  assert.equal(secondsLeft({ ...timing, started_at: null }, now), null);
  assert.equal(secondsLeft({ ...timing, status: 'completed', eta_seconds: 30 }, now), null);
});

test('a run that went to its end shows a full bar; failed and cancelled keep where they stopped', () => {
  assert.equal(shownProgress({ status: 'completed_with_errors', progress: 97 }), 100);
  assert.equal(shownProgress({ status: 'completed', progress: 99 }), 100);
  assert.equal(shownProgress({ status: 'failed', progress: 40 }), 40);
  assert.equal(shownProgress({ status: 'cancelled', progress: 12 }), 12);
  assert.equal(shownProgress({ status: 'running', progress: 140 }), 100);
});

const attr = (uid: string, code: string | null, name: string | null, type: string | null) =>
  ({ uid, code, display_name: name, value_type: type, mandatory: false, options: [], unique: false, generated: false });
test('the photo is suggested from the one IMAGE attribute, never from two', () => {
  const one = suggest([attr('aaaaaaaaaa1', 'MMD_PER_NAM', 'First', 'TEXT'), attr('aaaaaaaaaa2', null, 'Picture', 'IMAGE')]);
  assert.equal(one.photo, 'attr:aaaaaaaaaa2');
  assert.equal(one.first_name, 'attr:aaaaaaaaaa1');
  assert.equal(suggest([attr('a1', null, 'P1', 'IMAGE'), attr('a2', null, 'P2', 'IMAGE')]).photo, undefined);
});

test('an attribute without a name is shown by its code, else its UID', () => {
  assert.equal(attributeLabel(attr('Xyz12345678', 'MMD_PER_NID', null, 'TEXT'), 'sans code'), 'MMD_PER_NID');
  assert.equal(attributeLabel(attr('Xyz12345678', null, '  ', 'TEXT'), 'sans code'), 'Xyz12345678');
  assert.equal(attributeLabel(attr('Xyz12345678', 'MMD_PER_NAM', 'First Name', 'TEXT'), 'sans code'), 'First Name (MMD_PER_NAM)');
});

test('MPI review: a field empty on both sides says so, not “missing on one side”', () => {
  assert.equal(translate('fr', comparisonWords('missing', '', ' ')), 'vide des deux côtés');
  assert.equal(translate('en', comparisonWords('missing', '', '')), 'empty on both sides');
  assert.equal(translate('fr', comparisonWords('missing', '77 123 45 67', '')), 'absent d’un côté');
  assert.equal(comparisonWords('exact', 'Awa', 'Awa'), 'print.review.level.exact');
});
