// DHIS2's `fields` parameter: parsing, and two projectors — a generic one for small metadata documents and a
// compiled one for tracker objects (the hot path: 1000 tracked entities per page).

export interface FieldSpec {
  all: boolean;
  /** Named fields; null = the field as a whole (nested objects in full, metadata references as {id}). */
  include: Map<string, FieldSpec | null>;
  exclude: Set<string>;
}

export const allFields: FieldSpec = { all: true, include: new Map(), exclude: new Set() };

const presets: Record<string, string[]> = {
  ':identifiable': ['id', 'name', 'code', 'created', 'lastUpdated', 'displayName'],
  ':nameable': ['id', 'name', 'shortName', 'code', 'description', 'created', 'lastUpdated', 'displayName', 'displayShortName'],
};

/** Parses "id,name,children[id,path],!href,*" (also `()` for nesting; transformers like `~rename(x)` are dropped). */
export function parseFields(text: string): FieldSpec {
  return parseList(text, 0, undefined)[0];
}

function parseList(s: string, start: number, close: string | undefined): [FieldSpec, number] {
  const spec: FieldSpec = { all: false, include: new Map(), exclude: new Set() };
  let i = start;
  while (i < s.length) {
    const ch = s.charAt(i);
    if (ch === close) return [spec, i + 1];
    if (ch === ',' || ch === ' ' || ch === ']' || ch === ')') {
      i++;
      continue;
    }
    let name = '';
    while (i < s.length && !',[]()~'.includes(s.charAt(i)) && !s.startsWith('::', i)) name += s.charAt(i++);
    if (s.charAt(i) === '~' || s.startsWith('::', i)) i = skipTransformer(s, i);
    let sub: FieldSpec | null = null;
    if (s.charAt(i) === '[' || s.charAt(i) === '(') [sub, i] = parseList(s, i + 1, s.charAt(i) === '[' ? ']' : ')');
    name = name.trim();
    if (name === '*' || name === ':all' || name === ':owner' || name === ':simple' || name === ':persisted') spec.all = true;
    else if (name.startsWith('!')) spec.exclude.add(name.slice(1));
    else if (presets[name]) for (const p of presets[name] ?? []) spec.include.set(p, spec.include.get(p) ?? null);
    else if (name) spec.include.set(name, merge(spec.include.get(name), sub));
  }
  return [spec, i];
}

function skipTransformer(s: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (ch === ',' || ch === '[' || ch === ']')) break;
  }
  return i;
}

function merge(a: FieldSpec | null | undefined, b: FieldSpec | null): FieldSpec | null {
  if (!a || !b) return a ?? b;
  const include = new Map(a.include);
  for (const [k, v] of b.include) include.set(k, merge(include.get(k), v));
  return { all: a.all || b.all, include, exclude: new Set([...a.exclude, ...b.exclude]) };
}

// ---- Generic projection of metadata documents -------------------------------------------------------

const entities = new WeakSet<object>();

/** Marks a document as an identifiable object: nested inside another one it shows as {id} unless expanded. */
export function entity<T extends object>(doc: T): T {
  entities.add(doc);
  return doc;
}

export type Doc = Record<string, unknown>;

export function project(doc: Doc, spec: FieldSpec): Doc {
  const out: Doc = {};
  const keys = spec.all ? [...Object.keys(doc), ...[...spec.include.keys()].filter((k) => !(k in doc))] : [...spec.include.keys()];
  for (const key of keys) {
    if (spec.exclude.has(key)) continue;
    const value = doc[key];
    if (value === undefined) continue;
    out[key] = render(value, spec.include.get(key) ?? null);
  }
  return out;
}

function render(value: unknown, sub: FieldSpec | null): unknown {
  if (Array.isArray(value)) return value.map((v) => render(v, sub));
  if (value === null || typeof value !== 'object') return value;
  if (sub) return project(value as Doc, sub);
  if (entities.has(value)) return { id: (value as Doc).id };
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) out[k] = render(v, null);
  return out;
}

// ---- Compiled projection of tracker objects ---------------------------------------------------------

export type Projector<T, C> = (x: T, ctx: C) => Doc;

export interface Field<T, C> {
  name: string;
  /** Given the field's nested spec, the function producing its value (undefined = omitted, as DHIS2 omits nulls). */
  emit: (spec: FieldSpec) => (x: T, ctx: C) => unknown;
}

export function field<T, C>(name: string, get: (x: T, ctx: C) => unknown): Field<T, C> {
  return { name, emit: () => get };
}

/** A list of sub-objects, projected with the nested spec (`enrollments[enrollment,status]`; bare = all fields). */
export function list<T, U, C>(name: string, items: (x: T, ctx: C) => readonly U[] | undefined, fields: Field<U, C>[]): Field<T, C> {
  return {
    name,
    emit: (spec) => {
      const projector = compile(fields, spec);
      return (x, ctx) => {
        const xs = items(x, ctx);
        if (!xs) return undefined;
        const out: Doc[] = new Array<Doc>(xs.length);
        for (let i = 0; i < xs.length; i++) out[i] = projector(xs[i] as U, ctx);
        return out;
      };
    },
  };
}

/** Compiles a spec against an object type once; the result runs per object with no parsing left. */
export function compile<T, C>(fields: Field<T, C>[], spec: FieldSpec): Projector<T, C> {
  const names: string[] = [];
  const emitters: ((x: T, ctx: C) => unknown)[] = [];
  for (const f of fields) {
    if (spec.exclude.has(f.name)) continue;
    const sub = spec.include.get(f.name);
    if (sub === undefined && !spec.all) continue;
    names.push(f.name);
    emitters.push(f.emit(sub ?? allFields));
  }
  const count = names.length;
  return (x, ctx) => {
    const out: Doc = {};
    for (let i = 0; i < count; i++) {
      const value = (emitters[i] as (x: T, ctx: C) => unknown)(x, ctx);
      if (value !== undefined) out[names[i] as string] = value;
    }
    return out;
  };
}
