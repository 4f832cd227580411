// The hard register (hard-register.ts) served as DHIS2 data: every record one tracked entity, enrolled in the
// vaccination programme (names, date of birth, sex, phone) or in the civil register (names, date of birth,
// national ID, address, guardian; no phone, no sex), at the health facility standing for its health centre,
// in the order the register made them. The truth (which records are one person) is kept beside the data for
// tests and `GET /__sandbox/truth`, never served through the DHIS2 API.
import { hardRegister } from './hard-register';
import { buildMetadata, vaccinationProgram } from './metadata';
import { Population, type AttributeValue, type Enrollment, type TrackedEntity } from './population';
import { day, midnight, stamp } from './time';

export interface HardPopulationOptions {
  persons: number;
  seed?: number;
  now?: Date;
}

export function generateHardPopulation(options: HardPopulationOptions): Population {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(options.persons) || options.persons < 1 || options.persons > 500_000) throw new Error(`persons must be an integer from 1 to 500000, not ${options.persons}`);
  const anchorMs = Math.floor((options.now ?? new Date()).getTime() / day) * day;
  const pop = new Population(seed, buildMetadata(seed, { civilRegister: true }), stamp(anchorMs));
  const civil = pop.programmes.find((p) => p.code === 'REC');
  if (!civil) throw new Error('the civil register programme is missing');
  const records = hardRegister({ persons: options.persons, seed });
  // One facility per health centre of the register, the same one every time it is named.
  const centres = [...new Set(records.map((r) => r.record.healthCenter ?? ''))].sort();
  const facilityOf = new Map(centres.map((c, i) => [c, pop.facilities[i % pop.facilities.length]!]));
  const a = pop.metadata.attribute;
  const start = anchorMs - 365 * day;
  const step = Math.max(1, Math.floor((364 * day) / Math.max(1, records.length)));
  records.forEach((r, i) => {
    const createdMs = start + i * step;
    const at = stamp(createdMs);
    const facility = facilityOf.get(r.record.healthCenter ?? '')!;
    const values: [string, string | null][] = [
      [a.firstName.id, r.record.firstName], [a.lastName.id, r.record.lastName], [a.dob.id, r.record.dateOfBirth],
      [a.sex.id, r.record.gender === 'female' ? 'F' : r.record.gender === 'male' ? 'M' : null], [a.phone.id, r.record.phone],
      [a.nationalId.id, r.record.nationalId], [a.address.id, r.record.address], [a.guardian.id, r.record.guardianName],
    ];
    const attributes: AttributeValue[] = values.flatMap(([attribute, value]) => (value ? [{ attribute, value, createdAt: at, updatedAt: at, storedBy: 'admin' }] : []));
    const te: TrackedEntity = {
      uid: pop.newUid(), trackedEntityType: pop.metadata.trackedEntityType.id, orgUnit: facility.id, createdAt: at, updatedAt: at,
      deleted: false, inactive: false, potentialDuplicate: false, coordinates: null, storedBy: 'admin', attributes, enrollments: [],
    };
    const enrollment: Enrollment = {
      uid: pop.newUid(), trackedEntity: te.uid, program: r.register === 'civil' ? civil.id : vaccinationProgram, orgUnit: facility.id, status: 'ACTIVE',
      enrolledAt: midnight(createdMs), occurredAt: midnight(createdMs), createdAt: at, updatedAt: at, completedAt: null, followUp: false, deleted: false, storedBy: 'admin',
    };
    te.enrollments.push(enrollment);
    pop.add(te);
    pop.truth.set(te.uid, r.truth);
  });
  return pop;
}
