import type { Database } from 'better-sqlite3';
import { cardField, cardFields, type CardFieldId } from '../api/contract/card-fields';
import type { ProgrammeMetadata } from '../api/contract/schemas/cache';
import type { MappingRequestItem } from '../api/contract/schemas/mapping';
import { isoSeconds, type Clock } from '../clock';
import { AppError, type ErrorDetail } from '../errors';

// Which DHIS2 attribute (or org unit) fills each card field, per programme. A new mapping replaces the
// previous one whole; every problem in the request is reported at once.

export interface StoredMapping {
  card_field: string;
  source: 'attribute' | 'org_unit' | 'org_unit_parent';
  attribute_uid: string | null;
}

/** Case-, accent-, space- and punctuation-insensitive form of a display name. */
export const foldName = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function resolveMappings(programme: ProgrammeMetadata, items: MappingRequestItem[]): StoredMapping[] {
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const resolved: StoredMapping[] = [];
  items.forEach((item, i) => {
    const at = `mappings[${i}]`;
    const field = cardField(item.card_field);
    if (!field) problems.push({ field: `${at}.card_field`, problem: `"${item.card_field}" is not a card field (known: ${cardFields.map((f) => f.id).join(', ')})` });
    const first = seen.get(item.card_field);
    if (first !== undefined) problems.push({ field: `${at}.card_field`, problem: `"${item.card_field}" is already mapped by mappings[${first}]` });
    else seen.set(item.card_field, i);

    const sources = (['dhis2_attribute_code', 'dhis2_attribute_display_name', 'dhis2_attribute_uid', 'org_unit'] as const).filter((k) => item[k] !== undefined);
    if (sources.length !== 1) {
      problems.push({ field: at, problem: 'must give exactly one of dhis2_attribute_code, dhis2_attribute_display_name, dhis2_attribute_uid, org_unit' });
      return;
    }
    if (item.org_unit !== undefined) {
      if (field && !field.fromOrgUnit) problems.push({ field: `${at}.org_unit`, problem: `"${item.card_field}" cannot come from an org unit` });
      resolved.push({ card_field: item.card_field, source: item.org_unit === 'enrollment' ? 'org_unit' : 'org_unit_parent', attribute_uid: null });
      return;
    }
    let matches = programme.attributes;
    let label: string;
    if (item.dhis2_attribute_code !== undefined) {
      label = `code "${item.dhis2_attribute_code}"`;
      matches = matches.filter((a) => a.code === item.dhis2_attribute_code);
    } else if (item.dhis2_attribute_uid !== undefined) {
      label = `uid "${item.dhis2_attribute_uid}"`;
      matches = matches.filter((a) => a.uid === item.dhis2_attribute_uid);
    } else {
      const wanted = foldName(item.dhis2_attribute_display_name ?? '');
      label = `display name "${item.dhis2_attribute_display_name}"`;
      matches = matches.filter((a) => a.display_name !== null && foldName(a.display_name) === wanted);
    }
    const key = sources[0] ?? 'dhis2_attribute_code';
    if (matches.length === 0) {
      problems.push({ field: `${at}.${key}`, problem: `no attribute with ${label} in programme ${programme.uid}` });
    } else if (matches.length > 1) {
      problems.push({ field: `${at}.${key}`, problem: `${label} matches ${matches.length} attributes (${matches.map((m) => m.uid).join(', ')}): map by dhis2_attribute_uid` });
    } else if (matches[0]) {
      const a = matches[0];
      if (field && field.valueTypes.length && a.value_type && !field.valueTypes.includes(a.value_type)) {
        problems.push({ field: `${at}.${key}`, problem: `attribute ${a.uid} holds ${a.value_type} values, which cannot fill "${field.id}"` });
      }
      resolved.push({ card_field: item.card_field, source: 'attribute', attribute_uid: a.uid });
    }
  });
  if (problems.length) {
    throw new AppError('validation_failed', `The mapping has ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
  }
  return resolved;
}

/** A programme's cards cannot be made before its attributes are mapped to card fields: a 409 saying so. */
export const noCardMapping = (programme: { name: string; uid: string }): AppError =>
  new AppError('conflict', `Programme "${programme.name}" (${programme.uid}) has no card mapping yet: map its attributes to card fields in Mapping (POST /dhis2/assign-codes) first.`);

export interface MappingStore {
  replace(programmeUid: string, mappings: StoredMapping[]): { updated_at: string };
  get(programmeUid: string): StoredMapping[];
  /** When the programme's mapping was last replaced; null if it never was. */
  updatedAt(programmeUid: string): string | null;
}

export function createMappingStore(db: Database, clock: Clock): MappingStore {
  // Read on every search and card: prepared once.
  const mappingOf = db.prepare('SELECT card_field, source, attribute_uid FROM mappings WHERE programme_uid = ? ORDER BY card_field');
  return {
    replace(programmeUid, mappings) {
      const at = isoSeconds(clock.now());
      db.transaction(() => {
        db.prepare('DELETE FROM mappings WHERE programme_uid = ?').run(programmeUid);
        const insert = db.prepare('INSERT INTO mappings (programme_uid, card_field, source, attribute_uid, updated_at) VALUES (?, ?, ?, ?, ?)');
        for (const m of mappings) insert.run(programmeUid, m.card_field, m.source, m.attribute_uid, at);
      })();
      return { updated_at: at };
    },
    get(programmeUid) {
      return mappingOf.all(programmeUid) as StoredMapping[];
    },
    updatedAt(programmeUid) {
      return (db.prepare('SELECT max(updated_at) AS at FROM mappings WHERE programme_uid = ?').get(programmeUid) as { at: string | null }).at;
    },
  };
}

export const unmappedCoreFields = (mapped: StoredMapping[]): CardFieldId[] =>
  cardFields.filter((f) => f.core && !mapped.some((m) => m.card_field === f.id)).map((f) => f.id);
