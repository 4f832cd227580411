import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Database } from 'better-sqlite3';
import type { CardModel } from '../../../../templates/kit/card-model';
import type { CardModelSource } from '../../cards/card-model-source';
import { pngFile } from '../../cards/png-encoder';
import type { RenderPool } from '../../cards/render-pool';
import { cardFile, taskDir, type CardFiles } from '../../generation/card-files';
import { recordOf, type MpiResolver } from '../../generation/generation-runner';
import type { SettingsStore } from '../../settings/settings';
import { holderOfCard, type CardIssuer } from '../../verify/card-issuer';

// The card a message carries: the enrollment's latest generated card while the signed card its QR holds
// is still live and true; otherwise (none yet, made before cards were signed, revoked, expired, data
// corrected since) one made now the way a generation task would (MPI resolution first, then the
// programme's last generation settings, vital at 300 DPI when it has none), recorded as the latest card.

export const onDemandTaskId = 'on-demand';

export interface CardOnDemandDeps {
  db: Database;
  cards: CardFiles;
  models: CardModelSource;
  pool: RenderPool;
  resolver: () => MpiResolver;
  settings: SettingsStore;
  cardsDir: string;
  issuer: CardIssuer;
}

export interface CardForMessage {
  /** The PNG file. */
  file: string;
  /** The card's fields, with the MPI ID when the enrollment has one; its qrPayload is the signed token the PNG's QR carries. */
  card: CardModel;
  generated: boolean;
}

export function createCardOnDemand(deps: CardOnDemandDeps): (enrollmentUid: string) => Promise<CardForMessage> {
  return async (enrollmentUid) => {
    const latest = deps.cards.latestCard(enrollmentUid);
    if (latest?.cardId) {
      const { card, programmeUid } = deps.models.forEnrollment(enrollmentUid, { includeMpiId: true });
      const issued = deps.issuer.stillTrue(latest.cardId, holderOfCard(card, programmeUid));
      if (issued) return { file: latest.file, card: { ...card, qrPayload: issued.token }, generated: false };
    }
    const { card: bare, programmeUid } = deps.models.forEnrollment(enrollmentUid, { includeMpiId: false });
    deps.db.transaction(() => deps.resolver().resolve(enrollmentUid, programmeUid, recordOf(bare)))();
    const card = deps.models.forEnrollment(enrollmentUid, { includeMpiId: true }).card;
    const previous = deps.cards.lastParams(programmeUid);
    const template = previous?.template ?? 'vital';
    const dpi = previous?.dpi ?? 300;
    const shown = previous?.include_mpi_id === false ? { ...card, mpiId: null } : card;
    const issued = deps.issuer.cardFor(holderOfCard(shown, programmeUid), template);
    const image = await deps.pool.render({
      card: { ...shown, qrPayload: issued.token }, template, dpi, language: deps.settings.get().language,
      ...(previous?.sovereign_config ? { sovereign: previous.sovereign_config } : {}),
    }, { urgent: true });
    const dir = taskDir(deps.cardsDir, onDemandTaskId);
    mkdirSync(dir, { recursive: true });
    const file = cardFile(dir, card.mpiId, enrollmentUid);
    await writeFile(file, pngFile(image, dpi));
    deps.cards.record({ enrollmentUid, taskId: onDemandTaskId, template, dpi, file, cardId: issued.cardId });
    return { file, card: { ...card, qrPayload: issued.token }, generated: true };
  };
}
