import type { VerificationService } from '../../verify/verification-service';
import { route } from '../route';
import type { Api } from '../server';

// Signed cards: the office's public keys need no token (a third party's verifier fetches them); checking a
// card takes the API's usual token, and no network.
export function registerVerifyRoutes(api: Api, verification: VerificationService): void {
  route(api, 'GET /dhis2/keys', async () => verification.jwks());
  route(api, 'POST /dhis2/verify', async ({ body }) => verification.verify(body.qr));
}
