// The sandbox's metadata model: tracked entity type, attributes, option set, programmes, users' org units.
import { buildOrgUnits, type OrgUnit } from './geography';
import { createUidFactory, stream } from './random';

export const vaccinationProgram = 'P3jJH5Tu5VC';

export type AttributeKey = 'firstName' | 'lastName' | 'dob' | 'sex' | 'phone' | 'photo' | 'village' | 'legacyId' | 'gravidity' | 'mpiId' | 'nationalId' | 'address' | 'guardian';

export interface Attribute {
  id: string;
  key: AttributeKey;
  /** null: DHIS2 allows attributes without a code. */
  code: string | null;
  /** null only for the old-data oddity that has neither code nor name. */
  name: string | null;
  valueType: string;
  optionSetId: string | null;
  unique: boolean;
  /** Values come from the server's TextPattern (reserved values); `pattern` is its text. */
  generated?: boolean;
  pattern?: string;
}

export interface ProgrammeAttribute {
  id: string;
  attribute: string;
  mandatory: boolean;
  displayInList: boolean;
  searchable: boolean;
  sortOrder: number;
}

export interface Programme {
  id: string;
  name: string;
  shortName: string;
  code: string;
  programType: 'WITH_REGISTRATION' | 'WITHOUT_REGISTRATION';
  trackedEntityType: string | null;
  attributes: ProgrammeAttribute[];
  /** Org units the programme is assigned to. */
  orgUnits: string[];
  created: string;
  lastUpdated: string;
}

export interface OptionSet {
  id: string;
  name: string;
  options: { id: string; code: string; name: string; sortOrder: number }[];
}

export interface Metadata {
  orgUnits: OrgUnit[];
  trackedEntityType: { id: string; name: string; attributes: string[] };
  attributes: Attribute[];
  attribute: Record<AttributeKey, Attribute>;
  optionSets: OptionSet[];
  programmes: Programme[];
  /** The default category option combo every enrollment carries. */
  attributeOptionCombo: string;
  categoryCombo: string;
  userId: string;
}

type AttributeRow = [AttributeKey, string | null, string | null, string, boolean?];
const attributeRows: AttributeRow[] = [
  ['firstName', 'MMD_PER_NAM', 'First Name', 'TEXT'],
  ['lastName', 'MMD_PER_LST', 'Last Name', 'TEXT'],
  ['dob', 'MMD_PER_DOB', 'Date of Birth', 'DATE'],
  ['sex', 'MMD_PER_SEX', 'Sex', 'TEXT'],
  ['phone', null, 'Phone Number', 'PHONE_NUMBER'],
  ['photo', 'MMD_PER_PHOTO', 'Photo', 'IMAGE'],
  ['village', 'MMD_PER_VIL', 'Village', 'TEXT'],
  ['legacyId', null, null, 'TEXT', true],
  ['gravidity', 'PNC_GRAVIDITE', 'Nombre de grossesses', 'INTEGER_POSITIVE'],
];

export interface MetadataOptions {
  /**
   * A third tracker programme, a civil register: names, date of birth, national ID, address and the
   * guardian's name, no phone and no sex (the hard population's second register).
   */
  civilRegister?: boolean;
}

export function buildMetadata(seed: number, options: MetadataOptions = {}): Metadata {
  const uid = createUidFactory(stream(seed, 'metadata-uids'), [vaccinationProgram, 'DiszpKrYNg8']);
  const orgUnits = buildOrgUnits(stream(seed, 'org-units'), uid);
  const sexOptions: OptionSet = {
    id: uid(), name: 'Sexe / Sex',
    options: [{ id: uid(), code: 'F', name: 'Féminin', sortOrder: 1 }, { id: uid(), code: 'M', name: 'Masculin', sortOrder: 2 }],
  };
  const attributes = attributeRows.map(([key, code, name, valueType, unique]): Attribute => ({
    id: uid(), key, code, name, valueType, optionSetId: key === 'sex' ? sexOptions.id : null, unique: unique ?? false,
  }));
  // The old register's numbers come from a TextPattern (what generateAndReserve hands out).
  const legacy = attributes.find((a) => a.key === 'legacyId');
  if (legacy) Object.assign(legacy, { generated: true, pattern: '"SN-" + CURRENT_DATE(yyyy) + "-" + SEQUENTIAL(#####)' });
  // A unique TEXT attribute a ministry adds for the MPI ID, values empty until an office writes them. Its
  // UIDs come from a stream of their own, so every other UID stays what it was before it existed.
  const mpiUid = createUidFactory(stream(seed, 'mpi-id-attribute'), [vaccinationProgram, 'DiszpKrYNg8']);
  const mpiId: Attribute = { id: mpiUid(), key: 'mpiId', code: 'OOMUS_MPI_ID', name: 'Identifiant MPI / MPI ID', valueType: 'TEXT', optionSetId: null, unique: true };
  attributes.push(mpiId);
  const attribute = Object.fromEntries(attributes.map((a) => [a.key, a])) as Record<AttributeKey, Attribute>;
  const tet = { id: uid(), name: 'Personne / Person', attributes: (['firstName', 'lastName', 'dob', 'sex'] as const).map((k) => attribute[k].id) };
  const link = (keys: AttributeKey[], mandatory: AttributeKey[]): ProgrammeAttribute[] =>
    keys.map((k, i) => ({
      id: uid(), attribute: attribute[k].id, mandatory: mandatory.includes(k), sortOrder: i + 1,
      displayInList: ['firstName', 'lastName', 'dob'].includes(k), searchable: ['firstName', 'lastName', 'phone'].includes(k),
    }));
  const facilities = orgUnits.filter((o) => o.level === 4).map((o) => o.id);
  const programmes: Programme[] = [
    {
      id: uid(vaccinationProgram), name: 'National Vaccination Program', shortName: 'Vaccination', code: 'PNV',
      programType: 'WITH_REGISTRATION', trackedEntityType: tet.id, orgUnits: facilities,
      attributes: link(['firstName', 'lastName', 'dob', 'sex', 'phone', 'photo', 'village', 'legacyId'], ['firstName', 'lastName']),
      created: '2019-02-11T09:14:27.512', lastUpdated: '2024-01-15T16:02:11.207',
    },
    {
      id: uid(), name: 'Suivi prénatal / Prenatal follow-up', shortName: 'Suivi prénatal', code: 'SPN',
      programType: 'WITH_REGISTRATION', trackedEntityType: tet.id, orgUnits: facilities,
      attributes: link(['firstName', 'lastName', 'dob', 'phone', 'village', 'gravidity'], ['firstName', 'lastName', 'dob']),
      created: '2020-06-03T11:40:02.019', lastUpdated: '2023-11-28T08:31:45.660',
    },
    {
      id: uid(), name: 'Surveillance de la rougeole / Measles surveillance', shortName: 'Rougeole', code: 'SRG',
      programType: 'WITHOUT_REGISTRATION', trackedEntityType: null, orgUnits: facilities.filter((_, i) => i % 3 === 0),
      attributes: [], created: '2018-09-20T14:05:51.301', lastUpdated: '2022-05-09T10:18:33.954',
    },
  ];
  if (options.civilRegister) {
    // Its own UID stream: the other metadata keeps the UIDs it has without it.
    const civilUid = createUidFactory(stream(seed, 'civil-register'), [vaccinationProgram, 'DiszpKrYNg8', ...attributes.map((a) => a.id)]);
    const rows: [AttributeKey, string, string][] = [['nationalId', 'MMD_PER_NID', 'Numéro d’identité nationale'], ['address', 'MMD_PER_ADR', 'Adresse'], ['guardian', 'MMD_PER_GRD', 'Nom du tuteur']];
    for (const [key, code, name] of rows) {
      const a: Attribute = { id: civilUid(), key, code, name, valueType: 'TEXT', optionSetId: null, unique: false };
      attributes.push(a);
      attribute[key] = a;
    }
    const keys: AttributeKey[] = ['firstName', 'lastName', 'dob', 'nationalId', 'address', 'guardian'];
    programmes.push({
      id: civilUid(), name: 'Registre d’état civil / Civil register', shortName: 'État civil', code: 'REC',
      programType: 'WITH_REGISTRATION', trackedEntityType: tet.id, orgUnits: facilities,
      attributes: keys.map((k, i) => ({ id: civilUid(), attribute: attribute[k].id, mandatory: k === 'firstName' || k === 'lastName', sortOrder: i + 1, displayInList: i < 3, searchable: i < 4 })),
      created: '2021-03-01T10:00:00.000', lastUpdated: '2024-06-01T10:00:00.000',
    });
  }
  for (const p of programmes.filter((x) => x.programType === 'WITH_REGISTRATION')) {
    p.attributes.push({ id: mpiUid(), attribute: mpiId.id, mandatory: false, sortOrder: p.attributes.length + 1, displayInList: false, searchable: true });
  }
  return {
    orgUnits, trackedEntityType: tet, attributes, attribute, optionSets: [sexOptions], programmes,
    attributeOptionCombo: uid(), categoryCombo: uid(), userId: uid(),
  };
}
