import type { CardModel, Language } from '../../../../templates/kit/card-model';
import { isoSeconds } from '../../clock';

// A card as a Google Wallet Generic pass, and the claims of the "save to Google Wallet" JWT that carries
// it, following Google's documented formats (pure; no I/O):
//   JWT  https://developers.google.com/wallet/reference/rest/v1/Jwt
//        {iss: service-account e-mail, aud: "google", typ: "savetowallet", iat, origins, payload}
//   pass https://developers.google.com/wallet/generic/rest/v1/genericobject (+ LocalizedString, Barcode,
//        TextModuleData, TimeInterval); object and class IDs are "<issuer ID>.<suffix>" where the suffix
//        may only hold letters, digits, ".", "_" and "-".

export const saveUrlPrefix = 'https://pay.google.com/gp/v/save/';
export const passBackground = '#0E5E6F';

export interface LocalizedString {
  defaultValue: { language: string; value: string };
}

export interface GenericObject {
  id: string;
  classId: string;
  genericType: 'GENERIC_OTHER';
  state: 'ACTIVE';
  cardTitle: LocalizedString;
  subheader?: LocalizedString;
  header: LocalizedString;
  hexBackgroundColor?: string;
  barcode: { type: 'QR_CODE'; value: string; alternateText: string };
  textModulesData?: { id: string; header: string; body: string }[];
  validTimeInterval: { start?: { date: string }; end: { date: string } };
}

export interface SaveToWalletClaims {
  iss: string;
  aud: 'google';
  typ: 'savetowallet';
  iat: number;
  origins: string[];
  payload: { genericClasses: { id: string }[]; genericObjects: GenericObject[] };
  [claim: string]: unknown;
}

const words = {
  fr: {
    mpi: 'ID MPI', centre: 'Centre de santé', programme: 'Programme', enrollment: 'Inscription DHIS2',
    noName: 'Nom non renseigné', notRecorded: 'Non renseigné',
    noMpi: "Pas encore attribué : cette inscription n'a pas encore été rapprochée de l'index patient (MPI). " +
      "Le QR code identifie l'inscription ; un pass émis après la génération des cartes porte l'ID MPI.",
  },
  en: {
    mpi: 'MPI ID', centre: 'Health centre', programme: 'Programme', enrollment: 'DHIS2 enrollment',
    noName: 'Name not recorded', notRecorded: 'Not recorded',
    noMpi: 'Not assigned yet: this enrollment has not been matched against the Master Patient Index (MPI). ' +
      'The QR code identifies the enrollment; a pass issued after card generation carries the MPI ID.',
  },
} as const;

/** A Google Wallet ID part: only letters, digits, ".", "_" and "-" are allowed. */
export const idPart = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_');

export const passClassId = (issuerId: string, programmeUid: string): string => `${issuerId}.oomus_programme_${idPart(programmeUid)}`;
export const passObjectId = (issuerId: string, enrollmentUid: string): string => `${issuerId}.oomus_enrollment_${idPart(enrollmentUid)}`;

/** Passes are valid for one year: until 00:00:00Z on the same day of the next year. */
export function passValidUntil(issuedAt: Date): Date {
  return new Date(Date.UTC(issuedAt.getUTCFullYear() + 1, issuedAt.getUTCMonth(), issuedAt.getUTCDate()));
}

/**
 * The pass of a card. `compact` keeps only what identifies the holder (name, programme, the QR with the MPI
 * ID as its text, the end of validity): a link short enough to travel in an SMS (about 1,500 characters
 * with the signed card's token in its barcode, instead of about 2,300; the signature alone is 342).
 */
export function genericObjectOf(card: CardModel, programmeUid: string, issuerId: string, language: Language, issuedAt: Date, compact = false): GenericObject {
  const w = words[language];
  const text = (value: string): LocalizedString => ({ defaultValue: { language, value } });
  const name = [card.firstName, card.lastName].filter((p): p is string => !!p && p.trim() !== '').join(' ');
  return {
    id: passObjectId(issuerId, card.enrollmentId),
    classId: passClassId(issuerId, programmeUid),
    genericType: 'GENERIC_OTHER',
    state: 'ACTIVE',
    cardTitle: text(card.programmeName),
    // Google: "the title label of the pass, such as location where this pass can be used".
    ...(card.healthCenter && !compact ? { subheader: text(card.healthCenter) } : {}),
    header: text(name || w.noName),
    barcode: { type: 'QR_CODE', value: card.qrPayload, alternateText: card.mpiId ?? card.enrollmentId },
    ...(compact ? {} : {
      hexBackgroundColor: passBackground,
      textModulesData: [
        { id: 'mpi_id', header: w.mpi, body: card.mpiId ?? w.noMpi },
        { id: 'health_centre', header: w.centre, body: card.healthCenter ?? w.notRecorded },
        { id: 'programme', header: w.programme, body: card.programmeName },
        { id: 'enrollment', header: w.enrollment, body: card.enrollmentId },
      ],
    }),
    // The compact pass keeps the end only (Google's start is optional): with the signed card's token in the
    // barcode, the start would push message, MPI ID and link over what one SMS may hold.
    validTimeInterval: { ...(compact ? {} : { start: { date: isoSeconds(issuedAt) } }), end: { date: isoSeconds(passValidUntil(issuedAt)) } },
  };
}

export function saveToWalletClaims(object: GenericObject, clientEmail: string, origins: string[], issuedAt: Date): SaveToWalletClaims {
  return {
    iss: clientEmail,
    aud: 'google',
    typ: 'savetowallet',
    iat: Math.floor(issuedAt.getTime() / 1000),
    origins,
    // The class rides along so the first save creates it in the issuer account (Google's own samples do the same).
    payload: { genericClasses: [{ id: object.classId }], genericObjects: [object] },
  };
}
