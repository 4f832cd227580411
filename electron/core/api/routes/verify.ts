import type { TrustList } from '../../verify/trust-list';
import type { VerificationService } from '../../verify/verification-service';
import { route } from '../route';
import type { Api } from '../server';

// Signed cards: the office's public keys need no token (a third party's verifier fetches them); checking a
// card takes the API's usual token, and no network.
export function registerVerifyRoutes(api: Api, verification: VerificationService, trust: TrustList): void {
  route(api, 'GET /dhis2/keys', async () => verification.jwks());
  route(api, 'POST /dhis2/verify', async ({ body }) => verification.verify(body.qr));
  // The trust list: what this office gives others, and the offices whose cards it accepts.
  route(api, 'GET /dhis2/trust/export', async ({ query }) => trust.exportFile(query.office));
  route(api, 'GET /dhis2/trust', async () => ({ offices: trust.list() }));
  route(api, 'POST /dhis2/trust', async ({ body }) => ({ offices: trust.importFile(body.file) }));
  route(api, 'POST /dhis2/trust/:key_id/remove', async ({ params }) => ({ offices: trust.remove(params.key_id) }));
}
