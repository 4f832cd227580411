import type { CryptoKey } from 'jose';
import type { WalletBulk, WalletBulkItem, WalletLink } from '../../api/contract/schemas/wallet';
import type { CardModel } from '../../../../templates/kit/card-model';
import type { CardModelSource } from '../../cards/card-model-source';
import { isoSeconds, type Clock } from '../../clock';
import { AppError, notFound } from '../../errors';
import { newId } from '../../ids';
import type { Logger } from '../../logger';
import type { SettingsStore } from '../../settings/settings';
import { notConfiguredMessage, type WalletConfigStore } from './wallet-config';
import type { WalletPasses } from './wallet-passes';
import { genericObjectOf, passValidUntil, saveToWalletClaims, saveUrlPrefix } from './wallet-pass';

// "Save to Google Wallet" links for cached enrollments: the card model (offline cache + mapping + MPI ID),
// as a Generic pass inside a JWT signed RS256 with the service account's key. Signing needs no network.


export interface WalletLinks {
  /** 404 unknown enrollment, 409 wallet not configured or programme not mapped. `compact`: the short pass for SMS. */
  link(enrollmentUid: string, options?: { compact?: boolean }): Promise<WalletLink>;
  /** One item per id, in order; an id that cannot get a link is reported in its item, never failing the batch.
   * 409 while Google Wallet is not configured, 404 for a programme the cache does not know. */
  bulk(enrollmentUids: string[], programmeUid?: string): Promise<WalletBulk>;
}

export interface WalletLinksDeps {
  config: WalletConfigStore;
  programmeExists: (uid: string) => boolean;
  models: CardModelSource;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  /** Where each link issued is recorded (the enrollments list's "wallet" status). */
  passes: WalletPasses;
  /** The signed token the pass's barcode carries: the person's live card, or one issued for the pass. */
  tokenFor: (card: CardModel, programmeUid: string) => string;
}

export function createWalletLinks(deps: WalletLinksDeps): WalletLinks {
  let cached: { pem: string; key: CryptoKey } | undefined;
  const signingKey = async (pem: string): Promise<CryptoKey> => {
    if (cached?.pem !== pem) cached = { pem, key: await (await import('jose')).importPKCS8(pem, 'RS256') };
    return cached.key;
  };

  const sign = async (enrollmentUid: string, signing: ReturnType<WalletConfigStore['signing']>, programmeUid?: string, compact = false): Promise<WalletLink> => {
    const { card, programmeUid: cardProgramme } = deps.models.forEnrollment(enrollmentUid);
    if (programmeUid && cardProgramme !== programmeUid) {
      throw notFound(`Enrollment ${enrollmentUid} in programme ${programmeUid} (it belongs to programme ${cardProgramme})`);
    }
    const issuedAt = new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000);
    const signed = { ...card, qrPayload: deps.tokenFor(card, cardProgramme) };
    const object = genericObjectOf(signed, cardProgramme, signing.issuerId, deps.settings.get().language, issuedAt, compact);
    const claims = saveToWalletClaims(object, signing.clientEmail, signing.origins, issuedAt);
    const { SignJWT } = await import('jose');
    const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(await signingKey(signing.privateKeyPem));
    const validUntil = isoSeconds(passValidUntil(issuedAt));
    deps.passes.record(enrollmentUid, isoSeconds(issuedAt), validUntil);
    return { enrollment_id: enrollmentUid, wallet_url: `${saveUrlPrefix}${jwt}`, jwt_token: jwt, valid_until: validUntil };
  };

  return {
    async link(enrollmentUid, options = {}) {
      return sign(enrollmentUid, deps.config.signing(), undefined, options.compact ?? false);
    },
    async bulk(enrollmentUids, programmeUid) {
      if (!deps.config.view()) throw new AppError('conflict', notConfiguredMessage);
      if (programmeUid && !deps.programmeExists(programmeUid)) {
        throw notFound(`Programme ${programmeUid} (programme_uid; not in the offline cache, sync it first)`);
      }
      const signing = deps.config.signing();
      const items: WalletBulkItem[] = [];
      for (const uid of enrollmentUids) {
        try {
          const link = await sign(uid, signing, programmeUid);
          items.push({ enrollment_id: uid, wallet_url: link.wallet_url, valid_until: link.valid_until });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          items.push({ enrollment_id: uid, wallet_url: null, error: { code: err.code, message: err.message } });
        }
      }
      const failed = items.filter((i) => i.wallet_url === null).length;
      const batchId = newId('batch', deps.clock.now().getTime());
      deps.logger.info(`Google Wallet ${batchId}: ${items.length - failed} links, ${failed} not issued`);
      return { batch_id: batchId, total: enrollmentUids.length, processed: items.length, failed, wallet_links: items };
    },
  };
}
