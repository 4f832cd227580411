import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseBaseUrl } from '../../../electron/core/dhis2/base-url';
import { AppError } from '../../../electron/core/errors';

test('what people paste becomes the server root', () => {
  const cases: [string, string][] = [
    ['https://dhis2.sante.gov.sn', 'https://dhis2.sante.gov.sn'],
    ['https://dhis2.sante.gov.sn/', 'https://dhis2.sante.gov.sn'],
    ['  https://dhis2.sante.gov.sn///  ', 'https://dhis2.sante.gov.sn'],
    ['https://dhis2.sante.gov.sn/api', 'https://dhis2.sante.gov.sn'],
    ['https://dhis2.sante.gov.sn/api/', 'https://dhis2.sante.gov.sn'],
    ['https://host.org/dhis/api/40/', 'https://host.org/dhis'],
    ['https://host.org/dhis/dhis-web-dashboard/#/', 'https://host.org/dhis'],
    ['dhis2.sante.gov.sn', 'https://dhis2.sante.gov.sn'],
    ['http://127.0.0.1:8080/api', 'http://127.0.0.1:8080'],
    ['HTTPS://Play.DHIS2.org/40.2.2/', 'https://play.dhis2.org/40.2.2'],
  ];
  for (const [input, expected] of cases) assert.equal(normaliseBaseUrl(input), expected, input);
});

test('bad addresses are refused naming the url field, and credentials never ride in the URL', () => {
  for (const bad of ['', '   ', 'ftp://host.org', 'https://admin:district@host.org', 'https://admin@host.org', 'http://', 'javascript:alert(1)', 'https://exa mple.org']) {
    assert.throws(() => normaliseBaseUrl(bad), (e: unknown) => e instanceof AppError && e.details[0]?.field === 'url', bad);
  }
});
