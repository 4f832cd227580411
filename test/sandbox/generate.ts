// The initial population, built in creation order (as a database numbers rows) so that the per-programme
// index is already sorted by createdAt. Hot path for 100 000 records: plain functions, no sort comparators.
import type { OrgUnit } from './geography';
import { vaccinationProgram, type AttributeKey } from './metadata';
import { storedByUsers } from './names';
import { makePerson, mutate, sameProgrammeKinds, type Person } from './persons';
import { assignPhoto, photoShare } from './photos';
import type { AttributeValue, Enrollment, EnrollmentStatus, Population, TrackedEntity } from './population';
import { chance, int, pick, stream, type Rng } from './random';
import { day, midnight, stamp } from './time';

interface Original {
  te: TrackedEntity;
  person: Person;
  facility: OrgUnit;
}

interface RecordSpec {
  person: Person;
  facility: OrgUnit;
  program: string;
  createdMs: number;
  deleted: boolean;
  duplicate: boolean;
  uid?: string;
  enrollmentUid?: string;
}

const pad = (i: number, width: number): string => String(i).padStart(width, '0');

/** count random moments in [start, start + span), ascending (typed-array sort: numeric, native). */
function sortedTimes(rng: Rng, count: number, start: number, span: number): Float64Array {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = start + Math.floor(rng() * span);
  return times.sort();
}

export function generateInitial(pop: Population, n: number, anchorMs: number): void {
  const rng = stream(pop.seed, 'persons');
  const prenatal = pop.programmes.find((p) => p.programType === 'WITH_REGISTRATION' && p.id !== vaccinationProgram);
  const plateau = pop.orgUnit('DiszpKrYNg8');
  const start = anchorMs - 730 * day;
  const span = 729 * day;
  const facility = (not?: string): OrgUnit => {
    for (;;) {
      const f = plateau && chance(rng, 0.04) ? plateau : pick(rng, pop.facilities);
      if (f.id !== not) return f;
    }
  };
  // n live vaccination records plus a few soft-deleted ones (visible with includeDeleted=true).
  const extra = n > 0 ? Math.max(1, Math.round(n * 0.005)) : 0;
  const total = n + extra;
  const deleted = new Set<number>();
  while (deleted.size < extra) deleted.add(int(rng, 0, total - 1));
  const times = sortedTimes(rng, total, start, span);
  const originals: Original[] = [];
  const vaccinated: TrackedEntity[] = [];
  for (let i = 0; i < total; i++) {
    const isDeleted = deleted.has(i);
    let person: Person;
    let at: OrgUnit;
    let original: Original | undefined;
    let kind = sameProgrammeKinds[0];
    if (!isDeleted && originals.length >= 10 && i % 33 === 20) {
      // A second record of someone registered earlier (3%, every kind in turn), with the slips real registers have.
      original = pick(rng, originals);
      const m = mutate(rng, original.person, sameProgrammeKinds[Math.floor(i / 33) % sameProgrammeKinds.length] ?? 'typo');
      person = m.person;
      kind = m.kind;
      at = m.kind === 'other-health-centre' || chance(rng, 0.5) ? facility(original.facility.id) : original.facility;
    } else {
      person = makePerson(rng, { born: chance(rng, 0.6) ? [2015, 2024] : [1950, 2005] });
      at = facility();
    }
    const spec: RecordSpec = { person, facility: at, program: vaccinationProgram, createdMs: times[i] ?? start, deleted: isDeleted, duplicate: original !== undefined };
    if (i % 500 === 7) spec.uid = `OLD${pad(i, 5)}`; // 8 characters: imported from an older system
    if (i % 500 === 133) spec.uid = `LEGACY${pad(i, 7)}`; // 13 characters
    if (i % 500 === 61) spec.enrollmentUid = `ENROLL${pad(i, 7)}`;
    const te = makeRecord(pop, rng, spec, anchorMs);
    vaccinated.push(te);
    if (original && kind) pop.duplicatePairs.push([original.te.uid, te.uid, kind]);
    else if (!isDeleted) originals.push({ te, person, facility: at });
  }
  const others: TrackedEntity[] = [];
  if (prenatal) {
    const women = originals.filter((o) => o.person.female && (!o.person.dob || (o.person.dob >= '1975' && o.person.dob < '2009')));
    const enrolled = new Set<Original>();
    const count = Math.round(n / 5);
    const newTimes = sortedTimes(rng, count, start, span);
    for (let j = 0; j < count; j++) {
      const r = rng();
      const duplicateOf = women.length > 0 && j % 33 === 5 ? pick(rng, women) : undefined;
      if (!duplicateOf && women.length > 0 && r < 0.55) {
        // The same tracked entity, enrolled again at another health centre (a few tries to find one not yet).
        let woman: Original | undefined;
        for (let tries = 0; tries < 8 && !woman; tries++) {
          const w = pick(rng, women);
          if (!enrolled.has(w)) woman = w;
        }
        if (woman) {
          enrolled.add(woman);
          const createdMs = woman.te.enrollments[0] ? Date.parse(`${woman.te.enrollments[0].createdAt}Z`) : start;
          addEnrollment(pop, rng, woman.te, prenatal.id, facility(woman.facility.id), later(rng, createdMs, anchorMs), anchorMs);
          continue;
        }
      }
      // Either a second record of a vaccinated woman made by the prenatal clinic, or a new woman.
      const person = duplicateOf ? { ...duplicateOf.person } : makePerson(rng, { female: true, born: [1980, 2008] });
      const at = facility(duplicateOf?.facility.id);
      const te = makeRecord(pop, rng, { person, facility: at, program: prenatal.id, createdMs: newTimes[j] ?? start, deleted: false, duplicate: !!duplicateOf }, anchorMs);
      others.push(te);
      if (duplicateOf) pop.duplicatePairs.push([duplicateOf.te.uid, te.uid, 'other-programme']);
    }
  }
  // Photos last, from their own streams: the rest of the data is the same with or without them.
  for (const te of vaccinated) if (pop.photoRng() < photoShare) assignPhoto(pop, te, te.createdAt);
  for (const te of mergeByCreation(vaccinated, others)) pop.add(te);
}

/** Merges two lists sorted by createdAt; equal createdAt are ordered by uid, as the API's stable order. */
function mergeByCreation(a: TrackedEntity[], b: TrackedEntity[]): TrackedEntity[] {
  const out: TrackedEntity[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x.createdAt < y.createdAt || (x.createdAt === y.createdAt && x.uid < y.uid))) {
      out.push(x);
      i++;
    } else if (y) {
      out.push(y);
      j++;
    }
  }
  // Ties inside one list came out in generation order: sort those short runs by uid.
  for (let k = 1; k < out.length; k++) {
    let m = k;
    while (m > 0 && out[m - 1]?.createdAt === out[m]?.createdAt && (out[m - 1]?.uid ?? '') > (out[m]?.uid ?? '')) {
      const prev = out[m - 1];
      const cur = out[m];
      if (!prev || !cur) break;
      out[m - 1] = cur;
      out[m] = prev;
      m--;
    }
  }
  return out;
}

/** Attribute values of a person, in attribute order; values the record lacks are simply absent. */
export function attributeValues(pop: Population, person: Person, created: string, storedBy: string): AttributeValue[] {
  const out: AttributeValue[] = [];
  for (const a of pop.attributes) {
    const value = valueOf(person, a.key);
    if (value) out.push({ attribute: a.id, value, createdAt: created, updatedAt: created, storedBy });
  }
  return out;
}

function valueOf(p: Person, key: AttributeKey): string | null | undefined {
  switch (key) {
    case 'firstName': return p.firstName;
    case 'lastName': return p.lastName;
    case 'dob': return p.dob;
    case 'sex': return p.sex;
    case 'phone': return p.phone;
    case 'village': return p.village;
    case 'legacyId': return p.legacyId;
    default: return undefined; // photo: uploaded apart (assignPhoto); gravidity comes with the prenatal enrollment
  }
}

/** A moment between fromMs and the anchor. */
function later(rng: Rng, fromMs: number, anchorMs: number): number {
  return fromMs + Math.floor(rng() * Math.max(1, anchorMs - fromMs - 1));
}

function makeRecord(pop: Population, rng: Rng, spec: RecordSpec, anchorMs: number): TrackedEntity {
  const uid = pop.newUid(spec.uid);
  const created = stamp(spec.createdMs);
  const storedBy = pick(rng, storedByUsers);
  const attributes = attributeValues(pop, spec.person, created, storedBy);
  let updatedAt = chance(rng, 0.15) || spec.deleted ? stamp(later(rng, spec.createdMs, anchorMs)) : created;
  for (const a of attributes) {
    if (chance(rng, 0.1)) a.updatedAt = stamp(later(rng, spec.createdMs, anchorMs));
    if (a.updatedAt > updatedAt) updatedAt = a.updatedAt;
  }
  const coordinates = spec.facility.coordinates && chance(rng, 0.2) ? jitter(rng, spec.facility.coordinates) : null;
  const te: TrackedEntity = {
    uid, trackedEntityType: pop.metadata.trackedEntityType.id, orgUnit: spec.facility.id, createdAt: created, updatedAt,
    deleted: spec.deleted, inactive: chance(rng, 0.005), potentialDuplicate: spec.duplicate && chance(rng, 0.3),
    coordinates, storedBy, attributes, enrollments: [],
  };
  addEnrollment(pop, rng, te, spec.program, spec.facility, spec.createdMs + int(rng, 5, 900), anchorMs, spec.enrollmentUid);
  if (spec.deleted) for (const e of te.enrollments) Object.assign(e, { deleted: true, updatedAt: te.updatedAt });
  return te;
}

function addEnrollment(pop: Population, rng: Rng, te: TrackedEntity, program: string, at: OrgUnit, createdMs: number, anchorMs: number, fixedUid?: string): void {
  const vaccination = program === vaccinationProgram;
  const r = rng();
  const status: EnrollmentStatus = vaccination ? (r < 0.85 ? 'ACTIVE' : r < 0.95 ? 'COMPLETED' : 'CANCELLED') : r < 0.7 ? 'ACTIVE' : r < 0.95 ? 'COMPLETED' : 'CANCELLED';
  const completedMs = status === 'COMPLETED' ? later(rng, createdMs, anchorMs) : null;
  const updatedMs = completedMs ?? (chance(rng, 0.1) ? later(rng, createdMs, anchorMs) : createdMs);
  const e: Enrollment = {
    uid: pop.newUid(fixedUid), trackedEntity: te.uid, program, orgUnit: at.id, status,
    enrolledAt: midnight(createdMs),
    // Prenatal follow-up: the pregnancy began weeks before enrollment.
    occurredAt: vaccination ? midnight(createdMs) : midnight(createdMs - int(rng, 30, 180) * day),
    createdAt: stamp(createdMs), updatedAt: stamp(updatedMs), completedAt: completedMs === null ? null : stamp(completedMs),
    followUp: chance(rng, 0.03), deleted: false, storedBy: te.storedBy,
  };
  te.enrollments.push(e);
  if (!vaccination) {
    // The prenatal programme's own attribute arrives with its enrollment.
    te.attributes.push({ attribute: pop.metadata.attribute.gravidity.id, value: String(int(rng, 1, 8)), createdAt: e.createdAt, updatedAt: e.createdAt, storedBy: te.storedBy });
  }
  if (e.updatedAt > te.updatedAt) te.updatedAt = e.updatedAt;
  if (e.createdAt > te.updatedAt) te.updatedAt = e.createdAt;
}

/** A point a couple of kilometres from the health facility. */
function jitter(rng: Rng, [lon, lat]: [number, number]): [number, number] {
  return [Math.round((lon + (rng() - 0.5) * 0.04) * 1e5) / 1e5, Math.round((lat + (rng() - 0.5) * 0.04) * 1e5) / 1e5];
}
