import type { CardModel, Gender, Language } from './card-model';

// Card wording in French (default) and English, and the formatting of values on a card.

export interface Labels {
  firstName: string; lastName: string; name: string; dateOfBirth: string; born: string; gender: string;
  phone: string; healthCenter: string; zone: string; programme: string; enrollmentDate: string; enrolled: string;
  mpiId: string; nationalId: string; address: string; guardian: string; holder: string; scanToVerify: string;
  female: string; male: string; other: string;
  vaccinationCard: string; healthCard: string; campaignCard: string; protectionCertificate: string;
  travelHealthCard: string; communityCard: string; youthHealthCard: string; nationalHealthCard: string;
  maternalCard: string; mobileHealthCard: string;
}

const fr: Labels = {
  firstName: 'Prénom', lastName: 'Nom', name: 'Nom et prénom', dateOfBirth: 'Date de naissance', born: 'Né(e) le',
  gender: 'Sexe', phone: 'Téléphone', healthCenter: 'Centre de santé', zone: 'Zone', programme: 'Programme',
  enrollmentDate: "Date d'inscription", enrolled: 'Inscrit(e) le', mpiId: 'ID patient', nationalId: "N° d'identité",
  address: 'Adresse', guardian: 'Parent / tuteur', holder: 'Titulaire', scanToVerify: 'Scanner pour vérifier',
  female: 'Féminin', male: 'Masculin', other: 'Autre',
  vaccinationCard: 'Carte de vaccination', healthCard: 'Carte de santé', campaignCard: 'Carte de campagne',
  protectionCertificate: 'Certificat de protection', travelHealthCard: 'Carte sanitaire de voyage',
  communityCard: 'Carte communautaire', youthHealthCard: 'Carte santé jeunesse', nationalHealthCard: 'Carte nationale de santé',
  maternalCard: 'Santé de la mère et de l’enfant', mobileHealthCard: 'Carte santé mobile',
};

const en: Labels = {
  firstName: 'First name', lastName: 'Last name', name: 'Name', dateOfBirth: 'Date of birth', born: 'Born',
  gender: 'Sex', phone: 'Phone', healthCenter: 'Health centre', zone: 'Zone', programme: 'Programme',
  enrollmentDate: 'Enrolled on', enrolled: 'Enrolled', mpiId: 'Patient ID', nationalId: 'National ID',
  address: 'Address', guardian: 'Parent / guardian', holder: 'Holder', scanToVerify: 'Scan to verify',
  female: 'Female', male: 'Male', other: 'Other',
  vaccinationCard: 'Vaccination card', healthCard: 'Health card', campaignCard: 'Campaign card',
  protectionCertificate: 'Protection certificate', travelHealthCard: 'Travel health card',
  communityCard: 'Community card', youthHealthCard: 'Youth health card', nationalHealthCard: 'National health card',
  maternalCard: 'Mother and child health', mobileHealthCard: 'Mobile health card',
};

export function labelsFor(language: Language): Labels {
  return language === 'en' ? en : fr;
}

/** Shown where a template keeps a field's place but the value is missing. */
export const placeholder = '—';

/** dd/mm/yyyy from an ISO date (or date-time); null when it is not a real date. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${d}/${mo}/${y}`;
}

export function genderLabel(gender: Gender | null, labels: Labels): string | null {
  return gender ? labels[gender] : null;
}

/** First and last name as printed; null when both are missing. */
export function fullName(card: CardModel): string | null {
  const name = [card.firstName, card.lastName].map((s) => s?.trim()).filter(Boolean).join(' ');
  return name || null;
}

/** Up to two initials, from the first and last names (or the two first words of either). */
export function initialsOf(card: CardModel): string {
  const words = [card.firstName, card.lastName].flatMap((s) => (s ?? '').trim().split(/\s+/)).filter(Boolean);
  const first = words[0];
  const last = words.length > 1 ? [card.lastName?.trim().split(/\s+/)[0], words[words.length - 1]].find(Boolean) : undefined;
  const initial = (w: string | undefined): string => (w ? Array.from(w)[0]!.toLocaleUpperCase('fr') : '');
  return (initial(first) + initial(last)) || '?';
}

/** A value as printed, or the placeholder when missing. */
export const orPlaceholder = (value: string | null | undefined): string => (value && value.trim() ? value.trim() : placeholder);
