import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { ErrorDetail } from '../errors';

// Two validators: bodies are JSON and must already have the right types (a string "300" is not a dpi);
// query strings and path params are text by nature, so they are coerced before being checked. A third
// checks answers against the contract as they are, filling in nothing.
function createAjv(coerceTypes: boolean, useDefaults = true): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults, removeAdditional: false, strict: true });
  addFormats.default(ajv, ['date', 'date-time', 'uri', 'email']);
  return ajv;
}

const bodyAjv = createAjv(false);
const textAjv = createAjv(true);
const answerAjv = createAjv(false, false);

/** A check of an answer against its schema: the problems found, empty when it conforms. */
export function answerCheck(schema: object): (value: unknown) => string[] {
  const validate = answerAjv.compile(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(answer)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`));
}

interface NumberField { name: string; integer: boolean }

/** The number-typed fields of an object schema (what a query string or path may carry as text). */
function numberFields(schema: object): NumberField[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return Object.entries(properties).flatMap(([name, p]) => (p.type === 'integer' || p.type === 'number' ? [{ name, integer: p.type === 'integer' }] : []));
}

// Numbers in text are taken as people write them, in decimal digits: Ajv's coercion would read "0x10" as
// 16 and "1e309" as Infinity (which then passes "integer" and ends in a 500 further on).
const digits = { integer: /^-?\d{1,15}$/, number: /^-?\d{1,15}(\.\d{1,15})?$/ };

/** Text must be decimal digits; a JSON number must be finite (1e309 parses to Infinity). Other types are
 * left to the schema, which names them as usual. */
function numberProblems(fields: NumberField[], data: unknown, text: boolean): Partial<ErrorObject>[] {
  if (typeof data !== 'object' || data === null) return [];
  const values = data as Record<string, unknown>;
  return fields.flatMap(({ name, integer }) => {
    const v = values[name];
    const bad = text && typeof v === 'string' ? !(integer ? digits.integer : digits.number).test(v.trim()) : typeof v === 'number' && !Number.isFinite(v);
    return bad ? [{ instancePath: `/${name}`, keyword: 'digits', message: integer ? 'must be a whole number written in digits' : 'must be a number written in digits' }] : [];
  });
}

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const text = httpPart !== 'body';
  const validate = (text ? textAjv : bodyAjv).compile(schema) as ValidateFunction;
  const fields = numberFields(schema);
  if (fields.length === 0) return validate;
  // Fastify reads a false answer's errors from the function itself, as Ajv's, and hands Ajv's functions
  // the parent object (schemaEnv says it is one) so defaults and coercion can reach the root.
  const checked = ((data: unknown, context?: object) => {
    const problems = numberProblems(fields, data, text);
    if (problems.length) {
      checked.errors = problems as ErrorObject[];
      return false;
    }
    const ok = context ? validate(data, context as never) : validate(data);
    checked.errors = validate.errors ?? null;
    return ok;
  }) as ValidateFunction;
  checked.schemaEnv = validate.schemaEnv;
  return checked;
};

const part: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** Ajv's errors as {field, problem} with the field named the way the client wrote it (dotted path). */
export function toDetails(errors: readonly Partial<ErrorObject>[], context: string | undefined): ErrorDetail[] {
  const details = errors.map((e): ErrorDetail => {
    const path = (e.instancePath ?? '').split('/').filter(Boolean).join('.');
    const params = (e.params ?? {}) as Record<string, unknown>;
    const join = (leaf: unknown): string => [path, String(leaf)].filter(Boolean).join('.');
    switch (e.keyword) {
      case 'required':
        return { field: join(params.missingProperty), problem: 'is required' };
      case 'additionalProperties':
        return { field: join(params.additionalProperty), problem: 'is not a known field' };
      case 'enum':
        return { field: path || part[context ?? ''] || 'input', problem: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
      case 'type':
        if (!path) return { field: part[context ?? ''] ?? 'input', problem: `must be a JSON ${String(params.type)}` };
        return { field: path, problem: `must be of type ${String(params.type)}` };
      case 'pattern':
        return { field: path, problem: 'has characters or a form that is not allowed' };
      case 'format':
        return { field: path, problem: `must be a valid ${String(params.format)}` };
      default:
        return { field: path || part[context ?? ''] || 'input', problem: e.message ?? 'is invalid' };
    }
  });
  // allErrors can report one problem twice (e.g. from both branches of a union); keep each once.
  const seen = new Set<string>();
  return details.filter((d) => !seen.has(`${d.field}|${d.problem}`) && seen.add(`${d.field}|${d.problem}`));
}
