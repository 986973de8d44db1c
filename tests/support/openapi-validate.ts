import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { type AppDeps, apiEndpoints } from '../../src/adapters/http/app.js';
import { apiDocument } from '../../src/adapters/http/docs.js';

type Json = Record<string, unknown>;
type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Json }> }> };

export const DOC_APP_URL = 'http://localhost:3000';

/**
 * The document as the app serves it. Endpoint factories only capture their use cases, so the
 * declarations (and hence the document) can be had without wiring any.
 */
export function openApiDocument(appUrl = DOC_APP_URL): Json {
  return apiDocument(apiEndpoints({ useCases: {}, appUrl } as AppDeps), appUrl) as Json;
}

const document = openApiDocument();
const components = ((document['components'] as Json)['schemas'] ?? {}) as Json;
// ajv-formats is CommonJS with a default export; under NodeNext its type is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
ajv.addKeyword('example');
const compiled = new Map<string, ValidateFunction>();

/** Components are reached as `#/$defs/X` inside one self-contained schema per response. */
const localRefs = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as T;

function operationById(operationId: string): Operation {
  for (const ops of Object.values(document['paths'] as Record<string, Record<string, Operation>>)) {
    for (const op of Object.values(ops)) if (op.operationId === operationId) return op;
  }
  throw new Error(`No operation "${operationId}" in the OpenAPI document.`);
}

function validatorFor(operationId: string, status: number): ValidateFunction {
  const key = `${operationId} ${status}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const response = operationById(operationId).responses?.[String(status)];
  if (!response) throw new Error(`Status ${status} is not documented for ${operationId}.`);
  const media = Object.values(response.content ?? {})[0];
  if (!media?.schema) throw new Error(`${operationId} ${status} documents no response body.`);
  const validate = ajv.compile({ ...localRefs(media.schema), $defs: localRefs(components) });
  compiled.set(key, validate);
  return validate;
}

/** Fails the test unless `body` matches the schema documented for this operation and status. */
export function expectMatchesSchema(operationId: string, status: number, body: unknown): void {
  const validate = validatorFor(operationId, status);
  validate(body);
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  expect(problems, `response body of ${operationId} ${status} vs the OpenAPI document`).toEqual([]);
}
