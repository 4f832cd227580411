import type { Database } from 'better-sqlite3';
import type { CardModel, Gender } from '../../../templates/kit/card-model';
import type { ProgrammeMetadata } from '../api/contract/schemas/cache';
import type { MetadataCache } from '../cache/metadata-cache';
import { notFound } from '../errors';
import { foldName, noCardMapping, type MappingStore, type StoredMapping } from '../mapping/mapping-store';
import { qrPayload } from './qr-payload';

// Builds the card of a cached enrollment from its programme's mapping: attribute values (option codes
// shown by their names), org-unit names, and the MPI ID when one is known. Works offline.

export interface CardModelSource {
  /** 404 unknown enrollment, 409 when its programme has no mapping yet. */
  forEnrollment(enrollmentUid: string, options?: { includeMpiId?: boolean }): { card: CardModel; programmeUid: string };
}

export interface CardModelDeps {
  db: Database;
  metadata: MetadataCache;
  mappings: MappingStore;
  /** Resolved MPI ID of an enrollment (the MPI fills this in once it exists). */
  mpiIdOf?: (enrollmentUid: string) => string | null;
  /** Cached photo bytes of a DHIS2 file resource, when sync fetched it. */
  photoOf?: (fileResourceUid: string) => Uint8Array | null;
}

interface EnrollmentJoin {
  uid: string; programme_uid: string; org_unit_uid: string | null; enrollment_date: string | null; attributes: string | null;
}

const femaleWords = new Set(['f', 'female', 'femme', 'feminin', 'fille', 'woman', 'girl']);
const maleWords = new Set(['m', 'male', 'homme', 'masculin', 'garcon', 'man', 'boy']);
const otherWords = new Set(['other', 'autre', 'o']);

export function normaliseGender(value: string | null): Gender | null {
  if (!value) return null;
  const folded = foldName(value);
  if (femaleWords.has(folded)) return 'female';
  if (maleWords.has(folded)) return 'male';
  if (otherWords.has(folded)) return 'other';
  return null;
}

/** yyyy-mm-dd when the value starts with a real calendar date, else null. */
export function normaliseDate(value: string | null): string | null {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim()) : null;
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export function createCardModelSource(deps: CardModelDeps): CardModelSource {
  const enrollmentOf = deps.db.prepare(
    // The attributes as the enrollment's own programme shows them; the person's when an older sync left none.
    `SELECT e.uid, e.programme_uid, e.org_unit_uid, e.enrollment_date, coalesce(e.attributes, t.attributes) AS attributes
       FROM enrollments e LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid WHERE e.uid = ?`,
  );
  return {
    forEnrollment(enrollmentUid, options = {}) {
      const row = enrollmentOf.get(enrollmentUid) as EnrollmentJoin | undefined;
      if (!row) throw notFound(`Enrollment ${enrollmentUid} (not in the offline cache; sync its programme first)`);
      const programme = deps.metadata.programme(row.programme_uid);
      if (!programme) throw notFound(`Programme ${row.programme_uid} of enrollment ${enrollmentUid}`);
      const mapping = deps.mappings.get(programme.uid);
      if (mapping.length === 0) throw noCardMapping(programme);
      const attributes = row.attributes ? (JSON.parse(row.attributes) as Record<string, string>) : {};
      const value = (field: string): string | null => resolveField(deps, programme, mapping, field, attributes, row.org_unit_uid);
      const mpiId = options.includeMpiId === false ? null : deps.mpiIdOf?.(row.uid) ?? null;
      const photoRef = value('photo');
      const mappedAttributes = new Set(mapping.map((m) => m.attribute_uid).filter(Boolean));
      const card: CardModel = {
        enrollmentId: row.uid,
        programmeName: programme.name,
        firstName: value('first_name'),
        lastName: value('last_name'),
        dateOfBirth: normaliseDate(value('date_of_birth')),
        gender: normaliseGender(value('gender')),
        phone: value('phone_number'),
        healthCenter: value('health_center'),
        zone: value('zone'),
        enrollmentDate: normaliseDate(row.enrollment_date),
        mpiId,
        nationalId: value('national_id'),
        address: value('address'),
        guardianName: value('guardian_name'),
        photo: photoRef && deps.photoOf ? deps.photoOf(photoRef) : null,
        qrPayload: qrPayload(row.uid, programme.uid, mpiId),
        extra: programme.attributes
          .filter((a) => !mappedAttributes.has(a.uid) && !['IMAGE', 'FILE_RESOURCE'].includes(a.value_type ?? '') && clean(attributes[a.uid]))
          .map((a) => ({ label: a.display_name ?? a.code ?? a.uid, value: optionName(a.options, clean(attributes[a.uid])!) })),
      };
      return { card, programmeUid: programme.uid };
    },
  };
}

const clean = (v: string | undefined | null): string | null => (v && v.trim() ? v.trim() : null);
const optionName = (options: { code: string; name: string }[], v: string): string => options.find((o) => o.code === v)?.name ?? v;

function resolveField(
  deps: CardModelDeps, programme: ProgrammeMetadata, mapping: StoredMapping[], field: string,
  attributes: Record<string, string>, orgUnitUid: string | null,
): string | null {
  const m = mapping.find((x) => x.card_field === field);
  if (!m) return null;
  if (m.source === 'attribute') {
    const raw = clean(m.attribute_uid ? attributes[m.attribute_uid] : null);
    if (!raw) return null;
    if (field === 'photo') return raw;
    const attribute = programme.attributes.find((a) => a.uid === m.attribute_uid);
    return attribute ? optionName(attribute.options, raw) : raw;
  }
  const unit = orgUnitUid ? deps.metadata.orgUnit(orgUnitUid) : undefined;
  if (!unit) return null;
  if (m.source === 'org_unit') return unit.name;
  const parent = unit.parent_uid ? deps.metadata.orgUnit(unit.parent_uid) : undefined;
  return parent?.name ?? null;
}
