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

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema) as ValidateFunction;

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
