// What a card shows, already resolved from DHIS2 + mapping + MPI. Templates receive only this.

export type Language = 'fr' | 'en';
export type Gender = 'female' | 'male' | 'other';

export interface CardModel {
  enrollmentId: string;
  programmeName: string;
  firstName: string | null;
  lastName: string | null;
  /** ISO yyyy-mm-dd. */
  dateOfBirth: string | null;
  gender: Gender | null;
  phone: string | null;
  healthCenter: string | null;
  zone: string | null;
  /** ISO yyyy-mm-dd. */
  enrollmentDate: string | null;
  mpiId: string | null;
  nationalId: string | null;
  address: string | null;
  guardianName: string | null;
  /** Encoded photo (JPEG or PNG) when the programme maps one; an initials avatar is drawn otherwise. */
  photo: Uint8Array | null;
  /** What the QR encodes: identifies the card (see electron/core/cards/qr-payload.ts). */
  qrPayload: string;
  /** Other mapped attributes, in mapping order, for templates that list extra rows. */
  extra: { label: string; value: string }[];
}

export interface SovereignConfig {
  accent_hex: string;
  bg_hex: string;
  bg_deep_hex: string;
  font_scale: number;
  max_attrs: number;
}

export const defaultSovereignConfig: SovereignConfig = {
  accent_hex: '#D4AF37', bg_hex: '#0D1B2A', bg_deep_hex: '#060E1A', font_scale: 1.0, max_attrs: 4,
};
