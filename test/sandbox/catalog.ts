// Metadata as DHIS2 serialises it: one document per object, nested objects linked (shown as {id} unless expanded).
import { entity, type Doc } from './fields';
import type { Population } from './population';
import { createUidFactory, stream } from './random';
import type { VersionTraits } from './versions';

export interface Catalog {
  organisationUnits: Doc[];
  organisationUnitGroups: Doc[];
  programs: Doc[];
  programTrackedEntityAttributes: Doc[];
  trackedEntityAttributes: Doc[];
  trackedEntityTypes: Doc[];
  optionSets: Doc[];
  me: Doc;
  byId: Map<string, Doc>;
}

export type CollectionName = Exclude<keyof Catalog, 'me' | 'byId'>;

const access = { read: true, update: true, updateWithSection: true, externalize: false, delete: true, write: true, manage: true };
const sharing = { publicAccess: 'rw------', externalAccess: false, userGroupAccesses: [], userAccesses: [], attributeValues: [], translations: [] };
const render = (type: string): Doc => ({ type, min: 0, max: 0, step: 0, decimalPoints: 0 });
const stamps = { created: '2019-02-11T09:14:27.512', lastUpdated: '2024-01-15T16:02:11.207' };

export function buildCatalog(pop: Population, baseUrl: string, traits: VersionTraits): Catalog {
  const uid = createUidFactory(stream(pop.seed, 'catalog-uids'), pop.orgUnits.map((o) => o.id));
  const byId = new Map<string, Doc>();
  const doc = (resource: string, id: string, name: string | null, fields: Doc): Doc => {
    const named = name === null ? {} : { name, shortName: name.slice(0, 50), displayName: name, displayShortName: name.slice(0, 50) };
    const d = entity<Doc>({ id, href: `${baseUrl}/api/${resource}/${id}`, ...stamps, ...named, ...fields });
    byId.set(id, d);
    return d;
  };
  const user = doc('users', pop.metadata.userId, 'Awa Ndiaye', { code: 'admin' });
  const superuser = doc('userRoles', uid(), 'Superuser', { authorities: ['ALL'], programs: [] });
  const refs = (resource: string, names: string[]): Doc[] => names.map((n) => doc(resource, uid(), n, {}));

  const units = pop.orgUnits.map((o) => doc('organisationUnits', o.id, o.name, {
    code: o.code, level: o.level, path: o.path, openingDate: o.openingDate,
    ...(o.closedDate ? { closedDate: o.closedDate } : {}),
    ...(o.coordinates ? { geometry: { type: 'Point', coordinates: o.coordinates } } : {}),
    dimensionItem: o.id, dimensionItemType: 'ORGANISATION_UNIT', deleted: false, leaf: o.level === 4, access, ...sharing,
    children: [], ancestors: [], organisationUnitGroups: [], dataSets: [], programs: [], users: [],
  }));
  const unitById = new Map(units.map((u) => [u.id as string, u]));
  for (const o of pop.orgUnits) {
    const d = unitById.get(o.id);
    const parent = o.parentId ? unitById.get(o.parentId) : undefined;
    if (!d) continue;
    if (parent) {
      d.parent = parent;
      (parent.children as Doc[]).push(d);
    }
    d.ancestors = o.path.split('/').filter((x) => x && x !== o.id).map((x) => unitById.get(x));
  }
  const groupSet = doc('organisationUnitGroupSets', uid(), 'Type de structure', {});
  const groups = (['centre', 'poste'] as const).map((kind) => doc('organisationUnitGroups', uid(), kind === 'centre' ? 'Centres de santé' : 'Postes de santé', {
    code: kind === 'centre' ? 'CS' : 'PS', symbol: kind === 'centre' ? '16.png' : '21.png', featureType: 'POINT',
    dimensionItem: '', dimensionItemType: 'ORGANISATION_UNIT_GROUP', favorite: false, access, user, favorites: [], ...sharing,
    organisationUnits: pop.orgUnits.filter((o) => o.kind === kind).map((o) => unitById.get(o.id)), groupSets: [groupSet], legendSets: [],
  }));
  for (const g of groups) {
    g.dimensionItem = g.id;
    for (const u of g.organisationUnits as Doc[]) (u.organisationUnitGroups as Doc[]).push(g);
  }

  const option = (o: { id: string; code: string; name: string; sortOrder: number }): Doc => doc('options', o.id, o.name, { code: o.code, sortOrder: o.sortOrder });
  const optionSets = pop.metadata.optionSets.map((s) => doc('optionSets', s.id, s.name, { valueType: 'TEXT', version: 2, options: s.options.map(option) }));
  const attributes = pop.attributes.map((a) => doc('trackedEntityAttributes', a.id, a.name, {
    ...(a.code ? { code: a.code } : {}), valueType: a.valueType, aggregationType: 'NONE', unique: a.unique, generated: a.generated ?? false,
    pattern: a.pattern ?? '', inherit: false, orgunitScope: false, programScope: false, confidential: false, displayInListNoProgram: a.key === 'firstName' || a.key === 'lastName',
    sortOrderInListNoProgram: 0, displayOnVisitSchedule: false, optionSetValue: a.optionSetId !== null,
    ...(a.optionSetId ? { optionSet: byId.get(a.optionSetId) } : {}),
    ...(a.name ? { formName: a.name, displayFormName: a.name } : {}),
    ...(a.key === 'firstName' || a.key === 'lastName' ? { minCharactersToSearch: 2, preferredSearchOperator: 'SW', blockedSearchOperators: ['LIKE'] } : {}),
    ...(a.key === 'phone' ? { fieldMask: '+221 99 999 99 99', expression: '', style: { color: '#2c6693', icon: 'phone_positive' } } : {}),
    access, legendSets: [], ...sharing,
  }));
  const tet = pop.metadata.trackedEntityType;
  const trackedEntityType = doc('trackedEntityTypes', tet.id, tet.name, {
    featureType: 'NONE', maxTeiCountToReturn: 0, minAttributesRequiredToSearch: 1, allowAuditLog: false, access, ...sharing,
    trackedEntityTypeAttributes: tet.attributes.map((a) => ({ trackedEntityAttribute: byId.get(a), mandatory: false, searchable: true, displayInList: true })),
  });
  const categoryCombo = doc('categoryCombos', pop.metadata.categoryCombo, 'default', { isDefault: true });
  const relationshipType = doc('relationshipTypes', uid(), 'Mère-enfant / Mother-child', {});
  const ptea: Doc[] = [];
  const programs = pop.programmes.map((p) => {
    const tracker = p.programType === 'WITH_REGISTRATION';
    const d = doc('programs', p.id, p.name, {
      code: p.code, created: p.created, lastUpdated: p.lastUpdated, shortName: p.shortName, displayShortName: p.shortName,
      programType: p.programType, registration: tracker, withoutRegistration: !tracker, version: 7, accessLevel: 'OPEN',
      ignoreOverdueEvents: false, skipOffline: false, dataEntryMethod: false, captureCoordinates: false, onlyEnrollOnce: tracker,
      displayEnrollmentDateLabel: "Date d'inscription", displayIncidentDateLabel: tracker && p.id !== 'P3jJH5Tu5VC' ? 'Date des dernières règles' : "Date de l'incident",
      selectIncidentDatesInFuture: false, selectEnrollmentDatesInFuture: false, displayIncidentDate: tracker && p.id !== 'P3jJH5Tu5VC',
      displayEnrollmentLabel: 'Inscription', displayFollowUpLabel: 'Suivi', displayOrgUnitLabel: 'Structure', displayRelationshipLabel: 'Relation',
      displayNoteLabel: 'Note', displayTrackedEntityAttributeLabel: 'Attribut', displayProgramStageLabel: 'Étape', displayEventLabel: 'Évènement',
      useFirstStageDuringRegistration: false, completeEventsExpiryDays: 0, expiryDays: 0, displayFrontPageList: tracker,
      relationshipFromA: true, relationshipText: 'Ajouter un enfant', minAttributesRequiredToSearch: 1, maxTeiCountToReturn: 0,
      featureType: 'NONE', categoryCombo, enrollmentCategoryCombo: categoryCombo, relationshipType, user, userRoles: [superuser],
      ...(tracker ? { trackedEntityType } : {}), access, ...sharing, programIndicators: [], validationCriterias: [], notificationTemplates: [],
      programRuleVariables: tracker ? refs('programRuleVariables', ['age_annees', 'sexe']) : [],
      programRules: tracker ? refs('programRules', ['Âge hors limites']) : [],
      programSections: tracker ? refs('programSections', ['Identité']) : [],
      programStages: refs('programStages', [tracker ? 'Visite' : 'Cas']),
      organisationUnits: p.orgUnits.map((id) => unitById.get(id)),
      programTrackedEntityAttributes: [],
    });
    for (const id of p.orgUnits) (unitById.get(id)?.programs as Doc[] | undefined)?.push(d);
    d.programTrackedEntityAttributes = p.attributes.map((link) => {
      const a = pop.attributes.find((x) => x.id === link.attribute);
      const name = `${p.name} ${a?.name ?? link.attribute}`;
      const item = doc('programTrackedEntityAttributes', link.id, name, {
        mandatory: link.mandatory, displayInList: link.displayInList, searchable: link.searchable, sortOrder: link.sortOrder,
        valueType: a?.valueType ?? 'TEXT', allowFutureDate: false, renderOptionsAsRadio: a?.key === 'sex',
        dimensionItem: `${p.id}.${link.attribute}`, dimensionItemType: 'PROGRAM_ATTRIBUTE', access, program: d, trackedEntityAttribute: byId.get(link.attribute),
        ...(a?.key === 'sex' ? { renderType: { DESKTOP: render('VERTICAL_RADIOBUTTONS'), MOBILE: render('HORIZONTAL_RADIOBUTTONS') } } : {}),
        ...sharing,
      });
      ptea.push(item);
      return item;
    });
    return d;
  });
  const trackerIds = pop.programmes.filter((p) => p.programType === 'WITH_REGISTRATION').map((p) => p.id);
  relatedPrograms(programs, trackerIds);
  return {
    organisationUnits: units, organisationUnitGroups: groups, programs, programTrackedEntityAttributes: ptea,
    trackedEntityAttributes: attributes, trackedEntityTypes: [trackedEntityType], optionSets,
    me: meDoc(pop, traits, { user, role: superuser, root: units[0] ?? {}, credentialsId: uid() }), byId,
  };
}

/** The vaccination and prenatal programmes point at each other (relatedProgram, an old but present field). */
function relatedPrograms(programs: Doc[], trackerIds: string[]): void {
  const [a, b] = trackerIds.map((id) => programs.find((p) => p.id === id));
  if (a && b) {
    a.relatedProgram = b;
    b.relatedProgram = a;
  }
}

function meDoc(pop: Population, traits: VersionTraits, { user, role, root, credentialsId }: { user: Doc; role: Doc; root: Doc; credentialsId: string }): Doc {
  const credentials = { id: credentialsId, code: 'admin', username: 'admin', name: 'Awa Ndiaye', displayName: 'Awa Ndiaye', ...stamps, userRoles: [role] };
  const programs = pop.programmes.map((p) => p.id);
  return {
    ...stamps, id: user.id, ...(traits.meUserCredentials !== 'only' ? { username: 'admin' } : {}),
    name: 'Awa Ndiaye', displayName: 'Awa Ndiaye', firstName: 'Awa', surname: 'Ndiaye', email: 'admin@sandbox.sn', phoneNumber: '+221 77 000 00 00',
    ...(traits.meUserCredentials !== 'none' ? { userCredentials: credentials } : {}),
    ...(traits.meUserCredentials !== 'only' ? { userRoles: [role] } : {}),
    ...(traits.minor >= 42 ? { emailVerified: false, twoFactorType: 'NOT_ENABLED' } : {}),
    organisationUnits: [root], dataViewOrganisationUnits: [root], teiSearchOrganisationUnits: [root], userGroups: [],
    authorities: ['ALL', 'F_TRACKED_ENTITY_INSTANCE_SEARCH_IN_ALL_ORGUNITS', 'M_dhis-web-capture', 'M_dhis-web-tracker-capture'],
    programs, dataSets: [],
    settings: { keyUiLocale: 'fr', keyDbLocale: 'fr', keyAnalysisDisplayProperty: 'name', keyMessageEmailNotification: false },
    access,
  };
}
