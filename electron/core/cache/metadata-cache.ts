import type { Database } from 'better-sqlite3';
import type { OrgUnit, ProgrammeAttribute, ProgrammeMetadata } from '../api/contract/schemas/cache';
import type { RemoteOrgUnit, RemoteProgramme } from '../dhis2/parse';

// Programmes (with their attributes) and the org-unit tree, as last downloaded.

export interface MetadataCache {
  replaceProgrammes(list: RemoteProgramme[], at: string): void;
  replaceOrgUnits(list: RemoteOrgUnit[]): void;
  programmes(): ProgrammeMetadata[];
  programme(uid: string): ProgrammeMetadata | undefined;
  orgUnit(uid: string): OrgUnit | undefined;
  orgUnitChildren(parentUid: string | null): OrgUnit[];
  orgUnitCount(): number;
}

export function createMetadataCache(db: Database): MetadataCache {
  // The reads every request makes are prepared once (a statement per call holds native memory until GC).
  const programmeRow = db.prepare('SELECT uid, name, synced_at FROM programmes WHERE uid = ?');
  const attrsOf = db.prepare(
    'SELECT attribute_uid AS uid, code, display_name, value_type, mandatory, options, unique_value AS "unique", generated FROM programme_attributes WHERE programme_uid = ? ORDER BY sort_order, attribute_uid',
  );
  const withAttributes = (p: { uid: string; name: string; synced_at: string }): ProgrammeMetadata => ({
    ...p,
    attributes: (attrsOf.all(p.uid) as (Omit<ProgrammeAttribute, 'mandatory' | 'options' | 'unique' | 'generated'> & { mandatory: number; options: string; unique: number; generated: number })[]).map((a) => ({
      ...a,
      mandatory: a.mandatory === 1,
      unique: a.unique === 1,
      generated: a.generated === 1,
      options: JSON.parse(a.options) as { code: string; name: string }[],
    })),
  });
  const unitColumns = `uid, name, code, level, path, parent_uid, EXISTS (SELECT 1 FROM org_units c WHERE c.parent_uid = o.uid) AS has_children`;
  const orgUnitRow = db.prepare(`SELECT ${unitColumns} FROM org_units o WHERE uid = ?`);
  const toUnit = (r: Omit<OrgUnit, 'has_children'> & { has_children: number }): OrgUnit => ({ ...r, has_children: r.has_children === 1 });

  return {
    replaceProgrammes: db.transaction((list: RemoteProgramme[], at: string) => {
      const keep = new Set(list.map((p) => p.uid));
      for (const row of db.prepare('SELECT uid FROM programmes').all() as { uid: string }[]) {
        if (!keep.has(row.uid)) db.prepare('DELETE FROM programmes WHERE uid = ?').run(row.uid);
      }
      const upsert = db.prepare('INSERT INTO programmes (uid, name, synced_at) VALUES (?, ?, ?) ON CONFLICT(uid) DO UPDATE SET name = excluded.name, synced_at = excluded.synced_at');
      const clear = db.prepare('DELETE FROM programme_attributes WHERE programme_uid = ?');
      const attr = db.prepare(
        'INSERT OR REPLACE INTO programme_attributes (programme_uid, attribute_uid, code, display_name, value_type, mandatory, sort_order, options, unique_value, generated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const p of list) {
        upsert.run(p.uid, p.name, at);
        clear.run(p.uid);
        for (const a of p.attributes) attr.run(p.uid, a.uid, a.code, a.displayName, a.valueType, a.mandatory ? 1 : 0, a.sortOrder, JSON.stringify(a.options), a.unique ? 1 : 0, a.generated ? 1 : 0);
      }
    }),
    replaceOrgUnits: db.transaction((list: RemoteOrgUnit[]) => {
      db.prepare('DELETE FROM org_units').run();
      const insert = db.prepare('INSERT OR REPLACE INTO org_units (uid, name, code, level, path, parent_uid) VALUES (?, ?, ?, ?, ?, ?)');
      for (const u of list) insert.run(u.uid, u.name, u.code, u.level, u.path, u.parentUid);
    }),
    programmes() {
      return (db.prepare('SELECT uid, name, synced_at FROM programmes ORDER BY name, uid').all() as { uid: string; name: string; synced_at: string }[]).map(withAttributes);
    },
    programme(uid) {
      const row = programmeRow.get(uid) as { uid: string; name: string; synced_at: string } | undefined;
      return row ? withAttributes(row) : undefined;
    },
    orgUnit(uid) {
      const row = orgUnitRow.get(uid) as (Omit<OrgUnit, 'has_children'> & { has_children: number }) | undefined;
      return row ? toUnit(row) : undefined;
    },
    orgUnitChildren(parentUid) {
      const rows = parentUid
        ? db.prepare(`SELECT ${unitColumns} FROM org_units o WHERE parent_uid = ? ORDER BY name`).all(parentUid)
        : db.prepare(`SELECT ${unitColumns} FROM org_units o WHERE parent_uid IS NULL OR parent_uid NOT IN (SELECT uid FROM org_units) ORDER BY name`).all();
      return (rows as (Omit<OrgUnit, 'has_children'> & { has_children: number })[]).map(toUnit);
    },
    orgUnitCount() {
      return (db.prepare('SELECT count(*) AS n FROM org_units').get() as { n: number }).n;
    },
  };
}
