// Tracked entities and enrollments as JSON, in the new tracker naming (createdAt, enrolledAt …) and the legacy
// one (created, enrollmentDate, followup …), as field tables compiled once per `fields` value.
import { compile, field, list, parseFields, type Field, type FieldSpec, type Projector } from './fields';
import type { Attribute } from './metadata';
import type { AttributeValue, Enrollment, Population, TrackedEntity } from './population';
import type { VersionTraits } from './versions';

export interface JsonContext {
  pop: Population;
  traits: VersionTraits;
  /** Attributes shown on a tracked entity: its type's plus this programme's (legacy includeAllAttributes: all). */
  visible: Set<string> | null;
  includeDeleted: boolean;
  attributeMeta: Map<string, Attribute>;
}

type C = JsonContext;
const none: readonly never[] = [];

// These run for every tracked entity of a page: no new array unless something is really left out.
function liveEnrollments(te: TrackedEntity, c: C): Enrollment[] {
  if (c.includeDeleted) return te.enrollments;
  for (const e of te.enrollments) if (e.deleted) return te.enrollments.filter((x) => !x.deleted);
  return te.enrollments;
}

function only(values: AttributeValue[], visible: Set<string>): AttributeValue[] {
  for (const a of values) if (!visible.has(a.attribute)) return values.filter((x) => visible.has(x.attribute));
  return values;
}

function visibleValues(te: TrackedEntity, c: C): AttributeValue[] {
  return c.visible ? only(te.attributes, c.visible) : te.attributes;
}

const programmeAttributes = new WeakMap<object, Set<string>>();

/** An enrollment's attributes: the values of its programme's attributes. */
function enrollmentValues(e: Enrollment, c: C): AttributeValue[] {
  const te = c.pop.trackedEntity(e.trackedEntity);
  const programme = c.pop.programme(e.program);
  if (!te || !programme) return [];
  let own = programmeAttributes.get(programme);
  if (!own) programmeAttributes.set(programme, (own = new Set(programme.attributes.map((a) => a.attribute))));
  return only(te.attributes, own);
}

const point = (xy: [number, number] | null): unknown => (xy ? { type: 'Point', coordinates: xy } : undefined);

// ---- New tracker naming (2.36+) --------------------------------------------------------------------

const attributeFields: Field<AttributeValue, C>[] = [
  field('attribute', (a) => a.attribute),
  field('code', (a, c) => c.attributeMeta.get(a.attribute)?.code ?? undefined),
  field('displayName', (a, c) => c.attributeMeta.get(a.attribute)?.name ?? undefined),
  field('createdAt', (a) => a.createdAt),
  field('updatedAt', (a) => a.updatedAt),
  field('storedBy', (a) => a.storedBy),
  field('valueType', (a, c) => c.attributeMeta.get(a.attribute)?.valueType),
  field('value', (a) => a.value),
];

export const enrollmentFields: Field<Enrollment, C>[] = [
  field('enrollment', (e) => e.uid),
  field('createdAt', (e) => e.createdAt),
  field('createdAtClient', (e) => e.createdAt),
  field('updatedAt', (e) => e.updatedAt),
  field('updatedAtClient', (e) => e.updatedAt),
  field('trackedEntity', (e) => e.trackedEntity),
  field('trackedEntityType', (_e, c) => c.pop.metadata.trackedEntityType.id),
  field('program', (e) => e.program),
  field('status', (e) => e.status),
  field('orgUnit', (e) => e.orgUnit),
  field('orgUnitName', (e, c) => (c.traits.orgUnitName ? c.pop.orgUnit(e.orgUnit)?.name : undefined)),
  field('enrolledAt', (e) => e.enrolledAt),
  field('occurredAt', (e) => e.occurredAt),
  field('followUp', (e) => e.followUp),
  field('completedBy', (e) => (e.completedAt ? e.storedBy : undefined)),
  field('completedAt', (e) => e.completedAt ?? undefined),
  field('deleted', (e) => e.deleted),
  field('storedBy', (e) => e.storedBy),
  field('createdBy', (e) => ({ username: e.storedBy })),
  field('updatedBy', (e) => ({ username: e.storedBy })),
  field('attributeOptionCombo', (_e, c) => c.pop.metadata.attributeOptionCombo),
  field('events', () => none),
  field('relationships', () => none),
  list('attributes', enrollmentValues, attributeFields),
  field('notes', () => none),
];

export const trackedEntityFields: Field<TrackedEntity, C>[] = [
  field('trackedEntity', (t) => t.uid),
  field('trackedEntityType', (t) => t.trackedEntityType),
  field('createdAt', (t) => t.createdAt),
  field('createdAtClient', (t) => t.createdAt),
  field('updatedAt', (t) => t.updatedAt),
  field('updatedAtClient', (t) => t.updatedAt),
  field('orgUnit', (t) => t.orgUnit),
  field('inactive', (t) => t.inactive),
  field('deleted', (t) => t.deleted),
  field('potentialDuplicate', (t) => t.potentialDuplicate),
  field('geometry', (t) => point(t.coordinates)),
  field('storedBy', (t) => t.storedBy),
  field('createdBy', (t) => ({ username: t.storedBy })),
  field('updatedBy', (t) => ({ username: t.storedBy })),
  list('attributes', visibleValues, attributeFields),
  list('enrollments', liveEnrollments, enrollmentFields),
  field('relationships', () => none),
  list('programOwners', liveEnrollments, [
    field<Enrollment, C>('orgUnit', (e) => e.orgUnit),
    field<Enrollment, C>('trackedEntity', (e) => e.trackedEntity),
    field<Enrollment, C>('program', (e) => e.program),
  ]),
];

// ---- Legacy naming (/api/trackedEntityInstances, /api/enrollments; up to 2.41) ---------------------

const legacyAttributeFields: Field<AttributeValue, C>[] = [
  field('lastUpdated', (a) => a.updatedAt),
  field('storedBy', (a) => a.storedBy),
  field('code', (a, c) => c.attributeMeta.get(a.attribute)?.code ?? undefined),
  field('displayName', (a, c) => c.attributeMeta.get(a.attribute)?.name ?? undefined),
  field('created', (a) => a.createdAt),
  field('valueType', (a, c) => c.attributeMeta.get(a.attribute)?.valueType),
  field('attribute', (a) => a.attribute),
  field('value', (a) => a.value),
];

export const legacyEnrollmentFields: Field<Enrollment, C>[] = [
  field('storedBy', (e) => e.storedBy),
  field('createdAtClient', (e) => e.createdAt),
  field('program', (e) => e.program),
  field('lastUpdated', (e) => e.updatedAt),
  field('created', (e) => e.createdAt),
  field('orgUnit', (e) => e.orgUnit),
  field('enrollment', (e) => e.uid),
  field('trackedEntityInstance', (e) => e.trackedEntity),
  field('trackedEntityType', (_e, c) => c.pop.metadata.trackedEntityType.id),
  field('orgUnitName', (e, c) => c.pop.orgUnit(e.orgUnit)?.name),
  field('lastUpdatedAtClient', (e) => e.updatedAt),
  field('enrollmentDate', (e) => e.enrolledAt),
  field('incidentDate', (e) => e.occurredAt),
  field('followup', (e) => e.followUp),
  field('deleted', (e) => e.deleted),
  field('status', (e) => e.status),
  field('completedBy', (e) => (e.completedAt ? e.storedBy : undefined)),
  field('completedDate', (e) => e.completedAt ?? undefined),
  field('attributeOptionCombo', (_e, c) => c.pop.metadata.attributeOptionCombo),
  field('events', () => none),
  field('relationships', () => none),
  field('notes', () => none),
  list('attributes', enrollmentValues, legacyAttributeFields),
];

export const legacyTrackedEntityFields: Field<TrackedEntity, C>[] = [
  field('created', (t) => t.createdAt),
  field('orgUnit', (t) => t.orgUnit),
  field('createdAtClient', (t) => t.createdAt),
  field('trackedEntityInstance', (t) => t.uid),
  field('lastUpdated', (t) => t.updatedAt),
  field('trackedEntityType', (t) => t.trackedEntityType),
  field('lastUpdatedAtClient', (t) => t.updatedAt),
  field('potentialDuplicate', (t) => t.potentialDuplicate),
  field('inactive', (t) => t.inactive),
  field('deleted', (t) => t.deleted),
  field('featureType', (t) => (t.coordinates ? 'POINT' : 'NONE')),
  // Pre-2.32 servers sent a string; the SDK fixtures still carry it next to geometry.
  field('coordinates', (t) => (t.coordinates ? `[${t.coordinates.join(',')}]` : undefined)),
  field('geometry', (t) => point(t.coordinates)),
  field('storedBy', (t) => t.storedBy),
  field('programOwners', (t, c) => liveEnrollments(t, c).map((e) => ({ ownerOrgUnit: e.orgUnit, program: e.program, trackedEntityInstance: t.uid }))),
  list('enrollments', liveEnrollments, legacyEnrollmentFields),
  field('relationships', () => none),
  list('attributes', visibleValues, legacyAttributeFields),
];

export const defaultFields = {
  trackedEntities: '*,!relationships,!enrollments,!events,!programOwners',
  enrollments: '*,!relationships,!events,!attributes',
  trackedEntityInstances: '*',
  legacyEnrollments: 'enrollment,created,lastUpdated,trackedEntityType,trackedEntityInstance,program,status,orgUnit,orgUnitName,enrollmentDate,incidentDate,followup',
};

const compiled = new Map<string, Projector<never, C>>();

/** The projector for one object table and `fields` value, compiled on first use. */
export function projector<T>(table: Field<T, C>[], tableName: string, fields: string): Projector<T, C> {
  const key = `${tableName}\u0000${fields}`;
  let p = compiled.get(key) as Projector<T, C> | undefined;
  if (!p) {
    const spec: FieldSpec = parseFields(fields);
    p = compile(table, spec);
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, p as Projector<never, C>);
  }
  return p;
}
