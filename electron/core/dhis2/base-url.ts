import { invalid } from '../errors';

// What people paste: "dhis2.sante.gov.sn", "https://host/dhis/api/", "https://host/dhis-web-dashboard/#/".
// What the client needs: the server root (context path included), without /api and without credentials.
export function normaliseBaseUrl(input: string): string {
  const raw = input.trim();
  if (!raw) throw invalid('url', 'is required');
  if (raw.length > 2048) throw invalid('url', 'is too long');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid('url', 'is not a valid web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('url', 'must start with http:// or https://');
  if (url.username || url.password) {
    throw invalid('url', 'must not contain a user name or password; give them in the username and password fields');
  }
  if (!url.hostname) throw invalid('url', 'has no host name');
  let path = url.pathname.replace(/\/+$/, '');
  // Strip a pasted web-app page or the API path: everything from /dhis-web-… or /api onwards.
  path = path.replace(/\/(dhis-web-[^/]*|api)(\/.*)?$/i, '');
  return `${url.protocol}//${url.host}${path}`;
}
