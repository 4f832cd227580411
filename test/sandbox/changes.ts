// Upstream changes between two syncs: what `advance()` does to the live population.
import { attributeValues } from './generate';
import { vaccinationProgram } from './metadata';
import { storedByUsers, villages } from './names';
import { makePerson, phoneNumber } from './persons';
import { assignPhoto, photoShare } from './photos';
import type { Entry, EnrollmentStatus, Population } from './population';
import { chance, int, pick } from './random';

export interface ChangeSpec {
  /** New persons, each with a new enrollment in P3jJH5Tu5VC. */
  newEnrollments?: number;
  /** Tracked entities that get one attribute value changed. */
  updatedAttributes?: number;
  /** P3jJH5Tu5VC enrollments moved to another health centre (orgUnit and programme owner change). */
  moved?: number;
  /** P3jJH5Tu5VC enrollments whose status changes (ACTIVE → COMPLETED/CANCELLED, the others → ACTIVE). */
  statusChanged?: number;
  /** Tracked entities soft-deleted with all their enrollments. */
  deleted?: number;
  /** P3jJH5Tu5VC persons who get a new photo (a new file resource UID in the photo attribute). */
  newPhotos?: number;
}

export interface ChangeSummary {
  /** The updatedAt given to every change (server local time, no zone). */
  at: string;
  newEnrollments: { trackedEntity: string; enrollment: string }[];
  updatedAttributes: { trackedEntity: string; attribute: string; value: string }[];
  moved: { trackedEntity: string; enrollment: string; from: string; to: string }[];
  statusChanged: { trackedEntity: string; enrollment: string; from: EnrollmentStatus; to: EnrollmentStatus }[];
  deleted: { trackedEntity: string; enrollments: string[] }[];
  newPhotos: { trackedEntity: string; fileResource: string; previous: string | null }[];
  /** Every tracked entity touched, sorted: what `updatedAfter=<before>` returns for P3jJH5Tu5VC (deleted ones only with includeDeleted=true). */
  trackedEntities: string[];
}

const kinds = ['newEnrollments', 'updatedAttributes', 'moved', 'statusChanged', 'deleted', 'newPhotos'] as const;

/** Checks a ChangeSpec from JSON (admin route); throws with a message naming the bad field. */
export function parseChangeSpec(input: unknown): ChangeSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('the change spec must be a JSON object');
  const out: ChangeSpec = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(kinds as readonly string[]).includes(key)) throw new Error(`unknown change "${key}"; known: ${kinds.join(', ')}`);
    if (!Number.isInteger(value) || (value as number) < 0) throw new Error(`${key} must be a non-negative integer`);
    out[key as (typeof kinds)[number]] = value as number;
  }
  return out;
}

export function applyChanges(pop: Population, spec: ChangeSpec, at: string): ChangeSummary {
  parseChangeSpec(spec);
  const rng = pop.changeRng;
  const summary: ChangeSummary = { at, newEnrollments: [], updatedAttributes: [], moved: [], statusChanged: [], deleted: [], newPhotos: [], trackedEntities: [] };
  // Changed records are drawn from the live vaccination enrollments, each at most once per call.
  const live = pop.entries(vaccinationProgram).filter((x) => !x.te.deleted && !x.enrollment.deleted);
  const taken = new Set<string>();
  const draw = (count: number, accept: (x: Entry) => boolean = () => true, from = rng): Entry[] => {
    const out: Entry[] = [];
    for (let tries = 0; out.length < count && tries < count * 50 + 100; tries++) {
      const x = live[Math.floor(from() * live.length)];
      if (!x || taken.has(x.te.uid) || !accept(x)) continue;
      taken.add(x.te.uid);
      out.push(x);
    }
    return out;
  };
  const touch = (x: Entry): void => {
    x.te.updatedAt = at;
  };
  for (const x of draw(spec.updatedAttributes ?? 0)) {
    const a = pop.metadata.attribute;
    const choice = pick(rng, [a.phone, a.village, a.lastName, a.firstName]);
    const current = x.te.attributes.find((v) => v.attribute === choice.id);
    let value: string;
    if (choice === a.phone) value = phoneNumber(rng, `77${String(int(rng, 0, 9_999_999)).padStart(7, '0')}`);
    else if (choice === a.village) value = pick(rng, villages.filter((v) => v !== current?.value));
    else value = `${current?.value ?? 'Inconnu'}${chance(rng, 0.5) ? 'e' : 'h'}`; // a spelling corrected upstream
    if (current) Object.assign(current, { value, updatedAt: at });
    else x.te.attributes.push({ attribute: choice.id, value, createdAt: at, updatedAt: at, storedBy: 'admin' });
    touch(x);
    summary.updatedAttributes.push({ trackedEntity: x.te.uid, attribute: choice.id, value });
  }
  for (const x of draw(spec.moved ?? 0)) {
    const from = x.enrollment.orgUnit;
    let to = from;
    while (to === from) to = pick(rng, pop.facilities).id;
    Object.assign(x.enrollment, { orgUnit: to, updatedAt: at });
    touch(x);
    summary.moved.push({ trackedEntity: x.te.uid, enrollment: x.enrollment.uid, from, to });
  }
  for (const x of draw(spec.statusChanged ?? 0)) {
    const from = x.enrollment.status;
    const to: EnrollmentStatus = from !== 'ACTIVE' ? 'ACTIVE' : chance(rng, 0.8) ? 'COMPLETED' : 'CANCELLED';
    Object.assign(x.enrollment, { status: to, updatedAt: at, completedAt: to === 'COMPLETED' ? at : null });
    touch(x);
    summary.statusChanged.push({ trackedEntity: x.te.uid, enrollment: x.enrollment.uid, from, to });
  }
  for (const x of draw(spec.deleted ?? 0)) {
    Object.assign(x.te, { deleted: true, updatedAt: at });
    for (const e of x.te.enrollments) Object.assign(e, { deleted: true, updatedAt: at });
    summary.deleted.push({ trackedEntity: x.te.uid, enrollments: x.te.enrollments.map((e) => e.uid) });
  }
  // Photos draw from their own stream: asking for none leaves every other change as it was.
  const photo = pop.metadata.attribute.photo.id;
  for (const x of draw(spec.newPhotos ?? 0, () => true, pop.photoRng)) {
    const previous = x.te.attributes.find((a) => a.attribute === photo)?.value ?? null;
    const resource = assignPhoto(pop, x.te, at);
    touch(x);
    summary.newPhotos.push({ trackedEntity: x.te.uid, fileResource: resource.uid, previous });
  }
  // New records share the timestamp `at`; added in UID order so the index stays in (createdAt, uid) order.
  const fresh: Parameters<Population['add']>[0][] = [];
  for (let i = 0; i < (spec.newEnrollments ?? 0); i++) {
    const person = makePerson(rng, { born: chance(rng, 0.7) ? [2023, 2025] : [1960, 2005] });
    const facility = pick(rng, pop.facilities);
    const uid = pop.newUid();
    const storedBy = pick(rng, storedByUsers);
    const day = `${at.slice(0, 10)}T00:00:00.000`;
    const enrollment = {
      uid: pop.newUid(), trackedEntity: uid, program: vaccinationProgram, orgUnit: facility.id, status: 'ACTIVE' as const,
      enrolledAt: day, occurredAt: day, createdAt: at, updatedAt: at, completedAt: null, followUp: false, deleted: false, storedBy,
    };
    fresh.push({
      uid, trackedEntityType: pop.metadata.trackedEntityType.id, orgUnit: facility.id, createdAt: at, updatedAt: at,
      deleted: false, inactive: false, potentialDuplicate: false, coordinates: null, storedBy,
      attributes: attributeValues(pop, person, at, storedBy), enrollments: [enrollment],
    });
  }
  for (const te of fresh.sort((x, y) => (x.uid < y.uid ? -1 : 1))) {
    if (pop.photoRng() < photoShare) assignPhoto(pop, te, at);
    pop.add(te);
    summary.newEnrollments.push({ trackedEntity: te.uid, enrollment: te.enrollments[0]?.uid ?? '' });
  }
  const touched = [...taken, ...summary.newEnrollments.map((x) => x.trackedEntity)];
  summary.trackedEntities = touched.sort();
  return summary;
}
