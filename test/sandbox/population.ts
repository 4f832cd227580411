// The sandbox's live data: tracked entities with attributes and enrollments, indexed per programme.
import { applyChanges, type ChangeSpec, type ChangeSummary } from './changes';
import type { OrgUnit } from './geography';
import { buildMetadata, type Attribute, type Metadata, type Programme } from './metadata';
import { generateInitial } from './generate';
import type { DuplicateKind } from './persons';
import { createUidFactory, stream, type Rng } from './random';
import { day, stamp } from './time';

export type { ChangeSpec, ChangeSummary } from './changes';
export type { DuplicateKind } from './persons';
export { vaccinationProgram } from './metadata';

export type EnrollmentStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

export interface AttributeValue {
  attribute: string;
  value: string;
  createdAt: string;
  updatedAt: string;
  storedBy: string;
}

export interface Enrollment {
  uid: string;
  trackedEntity: string;
  program: string;
  /** Where the person is enrolled; also the programme owner (moves when the enrollment moves). */
  orgUnit: string;
  status: EnrollmentStatus;
  enrolledAt: string;
  occurredAt: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  followUp: boolean;
  deleted: boolean;
  storedBy: string;
}

/** An uploaded file (DHIS2 FileResource, domain DATA_VALUE): what an IMAGE attribute value points to. */
export interface FileResource {
  uid: string;
  /** The person whose attribute value holds (or held) this UID. */
  trackedEntity: string;
  attribute: string;
  contentType: 'image/jpeg' | 'image/png';
  createdAt: string;
  storedBy: string;
}

export interface TrackedEntity {
  uid: string;
  trackedEntityType: string;
  /** The org unit that registered the person. */
  orgUnit: string;
  createdAt: string;
  /** Moves whenever an attribute value or one of its enrollments changes. */
  updatedAt: string;
  deleted: boolean;
  inactive: boolean;
  potentialDuplicate: boolean;
  coordinates: [number, number] | null;
  storedBy: string;
  attributes: AttributeValue[];
  enrollments: Enrollment[];
}

/** One enrollment as a client should end up holding it after a full download. */
export interface ActiveEnrollment {
  enrollment: string;
  trackedEntity: string;
  orgUnit: string;
  status: EnrollmentStatus;
  enrolledAt: string;
  /** Attribute values by attribute UID: the tracked entity type's and this programme's attributes. */
  attributes: Record<string, string>;
}

export interface Entry {
  te: TrackedEntity;
  enrollment: Enrollment;
}

export interface PopulationOptions {
  /** Live enrollments in P3jJH5Tu5VC (a few soft-deleted ones come on top). Default 200. */
  enrollments?: number;
  seed?: number;
  /** Generation time; every initial timestamp lies in the two years before the start of its day. */
  now?: Date;
}

export class Population {
  readonly programmes: Programme[];
  readonly orgUnits: OrgUnit[];
  readonly attributes: Attribute[];
  readonly trackedEntities: TrackedEntity[] = [];
  /** Planted near-duplicates: [original TE, second record of the same person, kind]. */
  readonly duplicatePairs: [string, string, DuplicateKind][] = [];
  /** Open health facilities (level 4), where people get enrolled. */
  readonly facilities: OrgUnit[];
  /** Bumped on every change, so cached query results are never stale. */
  version = 0;
  /** The hard population's labels: tracked entity → the person it truly is (empty otherwise). */
  readonly truth = new Map<string, string>();
  /** Every attribute value written through the import API, oldest first (what an office's write-back did). */
  readonly writes: { trackedEntity: string; attribute: string; value: string | null; at: string; username: string }[] = [];
  readonly newUid: (fixed?: string) => string;
  readonly changeRng: Rng;
  /** Every file resource ever uploaded (a replaced photo's stays, as in DHIS2), by UID. */
  readonly fileResources = new Map<string, FileResource>();
  /** Own streams for photos, so that giving photos never shifts the other generated data. */
  readonly photoRng: Rng;
  readonly newFileResourceUid: () => string;
  private readonly teIndex = new Map<string, TrackedEntity>();
  private readonly enrollmentIndex = new Map<string, Enrollment>();
  private readonly programIndex = new Map<string, Entry[]>();
  private readonly orgUnitIndex: Map<string, OrgUnit>;
  private readonly visible = new Map<string, Set<string>>();

  constructor(readonly seed: number, readonly metadata: Metadata, readonly anchor: string) {
    this.programmes = metadata.programmes;
    this.orgUnits = metadata.orgUnits;
    this.attributes = metadata.attributes;
    this.orgUnitIndex = new Map(metadata.orgUnits.map((o) => [o.id, o]));
    this.facilities = metadata.orgUnits.filter((o) => o.level === 4 && o.closedDate === null);
    const reserved = [...metadata.orgUnits.map((o) => o.id), ...metadata.programmes.map((p) => p.id), ...metadata.attributes.map((a) => a.id)];
    this.newUid = createUidFactory(stream(seed, 'data-uids'), reserved, false);
    this.changeRng = stream(seed, 'changes');
    this.photoRng = stream(seed, 'photos');
    const fileUid = createUidFactory(stream(seed, 'file-resource-uids'), reserved, false);
    this.newFileResourceUid = () => fileUid();
    for (const p of metadata.programmes) if (p.programType === 'WITH_REGISTRATION') this.programIndex.set(p.id, []);
  }

  /** Adds a tracked entity, keeping every list in (createdAt, uid) order: the API's stable creation order. */
  add(te: TrackedEntity): void {
    if (this.teIndex.has(te.uid)) throw new Error(`UID collision on tracked entity ${te.uid}: try another seed`);
    insertInOrder(this.trackedEntities, te, (x) => x);
    this.teIndex.set(te.uid, te);
    for (const enrollment of te.enrollments) {
      if (this.enrollmentIndex.has(enrollment.uid)) throw new Error(`UID collision on enrollment ${enrollment.uid}: try another seed`);
      this.enrollmentIndex.set(enrollment.uid, enrollment);
      const entries = this.programIndex.get(enrollment.program);
      if (entries) insertInOrder(entries, { te, enrollment }, (x) => x.te);
    }
  }

  trackedEntity(uid: string): TrackedEntity | undefined {
    return this.teIndex.get(uid);
  }

  enrollment(uid: string): Enrollment | undefined {
    return this.enrollmentIndex.get(uid);
  }

  fileResource(uid: string): FileResource | undefined {
    return this.fileResources.get(uid);
  }

  orgUnit(uid: string): OrgUnit | undefined {
    return this.orgUnitIndex.get(uid);
  }

  programme(uid: string): Programme | undefined {
    return this.programmes.find((p) => p.id === uid);
  }

  /** Every enrollment of a tracker programme with its tracked entity, deleted ones included, in creation order. */
  entries(programUid: string): readonly Entry[] {
    return this.programIndex.get(programUid) ?? [];
  }

  /** Attributes a tracked entity shows: its type's, plus the programme's when one is given. */
  visibleAttributes(programUid?: string): Set<string> {
    const key = programUid ?? '';
    let set = this.visible.get(key);
    if (!set) {
      set = new Set(this.metadata.trackedEntityType.attributes);
      for (const a of this.programme(key)?.attributes ?? []) set.add(a.attribute);
      this.visible.set(key, set);
    }
    return set;
  }

  /**
   * The exact set a full download of the programme must end with: enrollments not deleted, of tracked
   * entities not deleted, every status (or only `status`), in creation order.
   */
  activeEnrollments(programUid: string, status?: EnrollmentStatus): ActiveEnrollment[] {
    const visible = this.visibleAttributes(programUid);
    const out: ActiveEnrollment[] = [];
    for (const { te, enrollment: e } of this.entries(programUid)) {
      if (te.deleted || e.deleted || (status && e.status !== status)) continue;
      const attributes: Record<string, string> = {};
      for (const a of te.attributes) if (visible.has(a.attribute)) attributes[a.attribute] = a.value;
      out.push({ enrollment: e.uid, trackedEntity: te.uid, orgUnit: e.orgUnit, status: e.status, enrolledAt: e.enrolledAt, attributes });
    }
    return out;
  }

  /**
   * Enrolls a known tracked entity in a programme at an org unit now (a person coming to another health
   * centre): the enrollment a client's next incremental sync of that programme brings.
   */
  enroll(teUid: string, program: string, orgUnit: string, now: Date): Enrollment {
    const te = this.trackedEntity(teUid);
    if (!te || te.deleted) throw new Error(`no live tracked entity ${teUid}`);
    if (!this.programIndex.has(program)) throw new Error(`no tracker programme ${program}`);
    if (!this.orgUnit(orgUnit)) throw new Error(`no org unit ${orgUnit}`);
    const at = stamp(now.getTime());
    const e: Enrollment = {
      uid: this.newUid(), trackedEntity: te.uid, program, orgUnit, status: 'ACTIVE', enrolledAt: at, occurredAt: at,
      createdAt: at, updatedAt: at, completedAt: null, followUp: false, deleted: false, storedBy: 'admin',
    };
    te.enrollments.push(e);
    te.updatedAt = at;
    this.enrollmentIndex.set(e.uid, e);
    insertInOrder(this.programIndex.get(program) as Entry[], { te, enrollment: e }, (x) => x.te);
    this.version++;
    return e;
  }

  /** Applies upstream changes now (timestamps = `now`, server local time). */
  advance(changes: ChangeSpec, now: Date): ChangeSummary {
    const summary = applyChanges(this, changes, stamp(now.getTime()));
    this.version++;
    return summary;
  }

  counts(): { orgUnits: number; trackedEntities: number; deletedTrackedEntities: number; enrollments: Record<string, number>; duplicatePairs: number } {
    const enrollments: Record<string, number> = {};
    for (const [program, entries] of this.programIndex) enrollments[program] = entries.filter((x) => !x.te.deleted && !x.enrollment.deleted).length;
    const deleted = this.trackedEntities.filter((t) => t.deleted).length;
    return {
      orgUnits: this.orgUnits.length, trackedEntities: this.trackedEntities.length - deleted, deletedTrackedEntities: deleted,
      enrollments, duplicatePairs: this.duplicatePairs.length,
    };
  }
}

function before(a: TrackedEntity, b: TrackedEntity): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.uid < b.uid);
}

/** Appends, or (a clock that went back, a second advance() in the same millisecond) inserts in place. */
function insertInOrder<T>(list: T[], item: T, te: (x: T) => TrackedEntity): void {
  const last = list[list.length - 1];
  if (!last || !before(te(item), te(last))) {
    list.push(item);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(te(list[mid] as T), te(item))) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

export function generatePopulation(options: PopulationOptions = {}): Population {
  const n = options.enrollments ?? 200;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(n) || n < 0 || n > 2_000_000) throw new Error(`enrollments must be an integer from 0 to 2000000, not ${n}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, not ${seed}`);
  const anchorMs = Math.floor((options.now ?? new Date()).getTime() / day) * day;
  const population = new Population(seed, buildMetadata(seed), stamp(anchorMs));
  generateInitial(population, n, anchorMs);
  return population;
}
