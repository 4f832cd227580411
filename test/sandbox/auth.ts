// Authentication as DHIS2 does it (dhis2-api.md §1): Basic, personal access tokens from 2.37, and the two ways
// of refusing — a JSON 401 for API-looking requests, a 302 to the login page for browser-looking ones.
import type { IncomingHttpHeaders } from 'node:http';
import { crc32 } from './random';
import type { VersionTraits } from './versions';

export const sandboxUser = { username: 'admin', password: 'district' };
/** The reference's own example user: may read everything admin reads, write nothing (no capture scope, no data write). */
export const sandboxReadOnlyUser = { username: 'oomus_readonly', password: 'MotDePasseDHIS2' };

export interface SandboxUserInfo { username: string; canWrite: boolean }

/** DHIS2's PAT format: "d2pat_" + 32 random characters + the CRC-32 of those 32 characters, zero-padded to 10 digits. */
function personalAccessToken(random: string): string {
  return `d2pat_${random}${String(crc32(random)).padStart(10, '0')}`;
}

/** The sandbox's one valid personal access token (2.37 and newer). */
export const sandboxPat = personalAccessToken('Sndbx7SnQk2vLmE4pT9wRzY1uHc8NdAq');

export type AuthResult =
  | { ok: true; user: SandboxUserInfo }
  | { ok: false; kind: 'json401' } // wrong Basic credentials, or an XMLHttpRequest without valid credentials
  | { ok: false; kind: 'token401' } // ApiToken header with an unknown token (WWW-Authenticate: ApiToken)
  | { ok: false; kind: 'login302' }; // no usable credentials from a "browser": redirect to the login page

export function authenticate(headers: IncomingHttpHeaders, traits: VersionTraits): AuthResult {
  const authorization = headers.authorization ?? '';
  const xhr = String(headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest';
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [name, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const user = [sandboxUser, sandboxReadOnlyUser].find((u) => colon > 0 && u.username === name && u.password === password);
    return user ? { ok: true, user: { username: user.username, canWrite: user === sandboxUser } } : { ok: false, kind: 'json401' };
  }
  // Before 2.37 the ApiToken scheme means nothing: the request counts as unauthenticated.
  if (/^apitoken$/i.test(scheme) && traits.personalAccessTokens) {
    return value === sandboxPat ? { ok: true, user: { username: sandboxUser.username, canWrite: true } } : { ok: false, kind: 'token401' };
  }
  return xhr ? { ok: false, kind: 'json401' } : { ok: false, kind: 'login302' };
}

/** The login page a reverse proxy, an SSO portal or DHIS2 itself shows to a browser. */
export function loginPage(title: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>${title} — Connexion</title></head>
<body>
<h1>${title}</h1>
<form method="post" action="/dhis-web-commons-security/login.action">
<label>Nom d'utilisateur <input name="j_username" autocomplete="username"></label>
<label>Mot de passe <input name="j_password" type="password" autocomplete="current-password"></label>
<button type="submit">Se connecter</button>
</form>
</body>
</html>
`;
}
