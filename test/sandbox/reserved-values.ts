// Reserved values (shared/dhis2-api.md §9.5): GET /api/trackedEntityAttributes/{uid}/generateAndReserve,
// /generate and /requiredValues, for attributes whose values come from a TextPattern. Values handed out
// are never handed out again, nor any value a tracked entity already holds.
import type { Population } from './population';
import { mulberry32 } from './random';
import { day, stamp } from './time';
import type { VersionTraits } from './versions';
import { ApiError, jsonReply, type Params, type Reply } from './web';

export interface ReservedContext { pop: Population; traits: VersionTraits; now: () => Date }

type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'random'; format: string }
  | { kind: 'sequential'; width: number }
  | { kind: 'date'; format: string }
  | { kind: 'orgUnitCode'; format: string };

/** The segments of a TextPattern such as `"SN-" + CURRENT_DATE(yyyy) + "-" + SEQUENTIAL(#####)`. */
export function parsePattern(pattern: string): Segment[] {
  return pattern.split(/\s*\+\s*/).map((part): Segment => {
    const text = /^"(.*)"$/.exec(part);
    if (text) return { kind: 'text', text: text[1] ?? '' };
    const call = /^([A-Z_]+)\((.*)\)$/.exec(part);
    const [, fn, arg = ''] = call ?? [];
    if (fn === 'RANDOM') return { kind: 'random', format: arg };
    if (fn === 'SEQUENTIAL') return { kind: 'sequential', width: arg.length };
    if (fn === 'CURRENT_DATE') return { kind: 'date', format: arg };
    if (fn === 'ORG_UNIT_CODE') return { kind: 'orgUnitCode', format: arg };
    throw new Error(`TextPattern segment not understood: ${part}`);
  });
}

interface Reservation { value: string; expires: number }
const reserved = new WeakMap<Population, { values: Map<string, Reservation>; sequence: Map<string, number> }>();

const randomChar = (f: string, rng: () => number): string => {
  const sets: Record<string, string> = { '#': '0123456789', X: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', x: 'abcdefghijklmnopqrstuvwxyz', '*': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' };
  const set = sets[f] ?? f;
  return set[Math.floor(rng() * set.length)] ?? '0';
};

function attributeOf(c: ReservedContext, uid: string): { id: string; pattern: string } {
  const a = c.pop.attributes.find((x) => x.id === uid);
  if (!a) throw new ApiError(404, `TrackedEntityAttribute with id ${uid} could not be found.`);
  if (!a.generated || !a.pattern) throw new ApiError(400, 'Attribute does not contain pattern.');
  return { id: a.id, pattern: a.pattern };
}

/** GET …/generateAndReserve (a list) and …/generate (one value). */
export function generateValues(c: ReservedContext, uid: string, params: Params, many: boolean): Reply {
  const attribute = attributeOf(c, uid);
  const count = many ? (params.int('numberToReserve') ?? 1) : 1;
  if (count < 1 || count > 1000) throw new ApiError(400, 'You can only reserve between 1 and 1000 values in a single request.');
  const expiration = params.int('expiration') ?? (many ? 60 : 3);
  const segments = parsePattern(attribute.pattern);
  const orgUnitCode = params.get('ORG_UNIT_CODE');
  if (segments.some((s) => s.kind === 'orgUnitCode') && !orgUnitCode) throw new ApiError(409, 'Missing required values: ORG_UNIT_CODE');
  const now = c.now().getTime();
  let state = reserved.get(c.pop);
  if (!state) reserved.set(c.pop, (state = { values: new Map(), sequence: new Map() }));
  for (const [v, r] of state.values) if (r.expires < now) state.values.delete(v);
  const held = new Set(c.pop.trackedEntities.flatMap((te) => te.attributes.filter((a) => a.attribute === attribute.id).map((a) => a.value)));
  // The key is the pattern with everything but the generated segment filled in.
  const fixed = (s: Segment): string => {
    if (s.kind === 'text') return s.text;
    if (s.kind === 'date') return s.format.replace('yyyy', String(new Date(now).getUTCFullYear())).replace('MM', String(new Date(now).getUTCMonth() + 1).padStart(2, '0'));
    if (s.kind === 'orgUnitCode') return (orgUnitCode ?? '').slice(0, s.format.length || undefined);
    return s.kind === 'random' ? s.format : '#'.repeat(s.width);
  };
  const key = segments.map(fixed).join('');
  const random = mulberry32(now ^ state.values.size);
  const out: Record<string, unknown>[] = [];
  const capacity = segments.reduce((n, s) => (s.kind === 'sequential' ? n * 10 ** s.width : s.kind === 'random' ? n * 10 ** s.format.length : n), 1);
  for (let tries = 0; out.length < count && tries < count * 20 + 1000 && tries < capacity * 2; tries++) {
    const value = segments.map((s) => {
      if (s.kind === 'random') return [...s.format].map((f) => randomChar(f, random)).join('');
      if (s.kind === 'sequential') {
        const next = (state.sequence.get(key) ?? 0) + 1;
        state.sequence.set(key, next);
        return String(next).padStart(s.width, '0');
      }
      return fixed(s);
    }).join('');
    if (held.has(value) || state.values.has(value)) continue;
    state.values.set(value, { value, expires: now + expiration * day });
    out.push({
      ownerObject: 'TRACKEDENTITYATTRIBUTE', ownerUid: attribute.id, key, value,
      created: stamp(now), expiryDate: stamp(now + expiration * day),
    });
  }
  if (out.length < count) {
    for (const o of out) state.values.delete(String(o.value));
    throw new ApiError(409, `Not enough values left to reserve ${count} values.`);
  }
  return jsonReply(200, many ? out : out[0]);
}

/** GET …/requiredValues: the values a request must give for the pattern's segments. */
export function requiredValues(c: ReservedContext, uid: string): Reply {
  const attribute = attributeOf(c, uid);
  const segments = parsePattern(attribute.pattern);
  return jsonReply(200, { REQUIRED: segments.some((s) => s.kind === 'orgUnitCode') ? ['ORG_UNIT_CODE'] : [], OPTIONAL: [] });
}

