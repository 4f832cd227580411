// Session and metadata endpoints: system/info, loginConfig, me, and the metadata collections (filter, fields, pager).
import type { Catalog, CollectionName } from './catalog';
import { allFields, parseFields, project, type Doc } from './fields';
import type { RouteContext } from './tracker-routes';
import { stamp } from './time';
import { ApiError, jsonReply, withParam, type Params, type Reply } from './web';

export const systemName = 'Sandbox DHIS2 — Sénégal';

const typeNames: Record<CollectionName, string> = {
  organisationUnits: 'OrganisationUnit', organisationUnitGroups: 'OrganisationUnitGroup', programs: 'Program',
  programTrackedEntityAttributes: 'ProgramTrackedEntityAttribute', trackedEntityAttributes: 'TrackedEntityAttribute',
  trackedEntityTypes: 'TrackedEntityType', optionSets: 'OptionSet',
};

export const collections = Object.keys(typeNames) as CollectionName[];

function fieldsOf(params: Params, fallback: string): ReturnType<typeof parseFields> {
  const fields = params.get('fields');
  return fields === undefined ? (fallback === '*' ? allFields : parseFields(fallback)) : parseFields(fields);
}

export function systemInfo(ctx: RouteContext, userAgent: string, params: Params): Reply {
  const now = ctx.now().getTime();
  const anchor = Date.parse(`${ctx.pop.anchor}Z`);
  const seedHex = (ctx.pop.seed >>> 0).toString(16).padStart(8, '0');
  const info: Doc = {
    contextPath: ctx.baseUrl, userAgent, calendar: 'iso8601', dateFormat: 'yyyy-mm-dd', serverDate: stamp(now),
    serverTimeZoneId: 'Africa/Dakar', serverTimeZoneDisplayName: 'Greenwich Mean Time',
    lastAnalyticsTableSuccess: stamp(anchor - 3 * 3_600_000), intervalSinceLastAnalyticsTableSuccess: '3 h, 0 m, 0 s', lastAnalyticsTableRuntime: '7 m, 40 s',
    version: ctx.traits.version, revision: ctx.traits.revision, buildTime: ctx.traits.buildTime, jasperReportsVersion: '6.20.6',
    environmentVariable: 'DHIS2_HOME', externalDirectory: '/opt/dhis2', fileStoreProvider: 'filesystem', readOnlyMode: 'off', nodeId: 'sandbox',
    javaVersion: '17.0.10', javaVendor: 'Eclipse Adoptium', osName: 'Linux', osArchitecture: 'amd64',
    databaseInfo: { type: 'PostgreSQL', spatialSupport: true }, readReplicaCount: 0, cpuCores: 4,
    encryption: false, emailConfigured: false, redisEnabled: false, systemId: `${seedHex}-5a4d-4e2b-9c1f-53616e64626f`,
    systemName, instanceBaseUrl: ctx.baseUrl, clusterHostname: '', isMetadataVersionEnabled: true, isMetadataSyncEnabled: false,
  };
  return jsonReply(200, params.get('fields') ? project(info, fieldsOf(params, '*')) : info);
}

export function loginConfig(ctx: RouteContext): Reply {
  return jsonReply(200, {
    apiVersion: ctx.traits.version, applicationTitle: systemName,
    applicationDescription: 'Serveur DHIS2 de démonstration pour Oomus CampaignID (données synthétiques).',
    applicationNotification: 'Connexion : admin / district. Les données sont inventées.',
    applicationLeftSideFooter: '', applicationRightSideFooter: '', countryFlag: 'senegal', uiLocale: 'fr',
    loginPageLogo: '/api/staticContent/logo_front.png', loginPopup: '', loginPageLayout: 'DEFAULT', loginPageTemplate: '',
    recaptchaSite: '', minPasswordLength: '8', maxPasswordLength: '72', emailConfigured: false, selfRegistrationEnabled: false,
    selfRegistrationNoRecaptcha: false, allowAccountRecovery: false, useCustomLogoFront: false, oidcProviders: [],
  });
}

export function me(catalog: Catalog, params: Params): Reply {
  return jsonReply(200, project(catalog.me, fieldsOf(params, '*')));
}

/** Value(s) at a dotted property path; arrays along the way are flattened (organisationUnits.id). */
function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(doc) ? doc : [doc];
  if (Array.isArray(doc)) return doc.flatMap((d) => valuesAt(d, path));
  if (doc === null || typeof doc !== 'object') return [];
  const [head = '', ...rest] = path;
  const next = (doc as Doc)[head];
  return next === undefined ? [] : valuesAt(next, rest);
}

function test(op: string, values: unknown[], arg: string): boolean {
  const strings = values.filter((v) => v !== null && typeof v !== 'object').map(String);
  const negate = op.startsWith('!');
  const base = negate ? op.slice(1) : op;
  const any = (f: (v: string) => boolean): boolean => strings.some(f);
  const lower = arg.toLowerCase();
  let ok: boolean;
  switch (base) {
    case 'eq': ok = any((v) => v === arg); break;
    case 'ieq': ok = any((v) => v.toLowerCase() === lower); break;
    case 'ne': case 'neq': ok = !any((v) => v === arg); break;
    case 'like': ok = any((v) => v.includes(arg)); break;
    case '$like': ok = any((v) => v.startsWith(arg)); break;
    case 'like$': ok = any((v) => v.endsWith(arg)); break;
    case 'ilike': ok = any((v) => v.toLowerCase().includes(lower)); break;
    case '$ilike': ok = any((v) => v.toLowerCase().startsWith(lower)); break;
    case 'ilike$': ok = any((v) => v.toLowerCase().endsWith(lower)); break;
    case 'in': ok = any((v) => arg.replace(/^\[|\]$/g, '').split(',').includes(v)); break;
    case 'gt': ok = any((v) => compare(v, arg) > 0); break;
    case 'ge': ok = any((v) => compare(v, arg) >= 0); break;
    case 'lt': ok = any((v) => compare(v, arg) < 0); break;
    case 'le': ok = any((v) => compare(v, arg) <= 0); break;
    case 'null': ok = strings.length === 0; break;
    case 'empty': ok = values.length === 0; break;
    default: throw new ApiError(400, `Unknown filter operator: ${op}`);
  }
  return negate ? !ok : ok;
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function metadataList(ctx: RouteContext, catalog: Catalog, url: URL, params: Params, name: CollectionName): Reply {
  const docs = catalog[name];
  const known = new Set(docs.flatMap((d) => Object.keys(d)));
  const filters = params.all('filter').map((f) => {
    const [property = '', op = 'eq', ...rest] = f.split(':');
    if (!known.has(property.split('.')[0] ?? '')) throw new ApiError(400, `Unknown path property: ${property}`);
    return (d: Doc): boolean => test(op, valuesAt(d, property.split('.')), rest.join(':'));
  });
  const or = params.get('rootJunction')?.toUpperCase() === 'OR';
  let matched = filters.length ? docs.filter((d) => (or ? filters.some((f) => f(d)) : filters.every((f) => f(d)))) : docs;
  const order = params.get('order');
  if (order) {
    const [prop = 'name', dir = 'asc'] = order.split(':');
    const sign = /^i?desc$/i.test(dir) ? -1 : 1;
    matched = [...matched].sort((a, b) => sign * compare(String(a[prop] ?? ''), String(b[prop] ?? '')));
  }
  const spec = fieldsOf(params, 'id,displayName');
  if (params.bool('paging') === false) return jsonReply(200, { [name]: matched.map((d) => project(d, spec)) });
  const pageSize = Math.max(1, params.int('pageSize') ?? 50);
  const total = matched.length;
  const pageCount = Math.ceil(total / pageSize);
  const page = Math.max(1, params.int('page') ?? 1);
  const pager = {
    page, pageCount, total, pageSize,
    ...(page < pageCount ? { nextPage: withParam(ctx.baseUrl, url, 'page', String(page + 1)) } : {}),
    ...(page > 1 ? { prevPage: withParam(ctx.baseUrl, url, 'page', String(page - 1)) } : {}),
  };
  return jsonReply(200, { pager, [name]: matched.slice((page - 1) * pageSize, page * pageSize).map((d) => project(d, spec)) });
}

export function metadataObject(ctx: RouteContext, catalog: Catalog, params: Params, name: CollectionName, uid: string): Reply {
  const doc = catalog[name].find((d) => d.id === uid);
  if (!doc) throw new ApiError(404, `${typeNames[name]} with id ${uid} could not be found.`, ctx.traits.notFoundErrorCode ? 'E1005' : undefined);
  return jsonReply(200, project(doc, fieldsOf(params, '*')));
}
