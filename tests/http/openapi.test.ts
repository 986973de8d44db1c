import type Router from '@koa/router';
import { validate } from '@readme/openapi-parser';
import pino from 'pino';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { type AppDeps, apiEndpoints } from '../../src/adapters/http/app.js';
import { toOpenApiPath } from '../../src/adapters/http/openapi.js';
import { HANDLED_EVENT_TYPES } from '../../src/adapters/stripe/webhook-events.js';
import { compose } from '../../src/boot/compose.js';
import { loadConfig } from '../../src/boot/config.js';
import { MAX_EMAIL_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../src/domain/user.js';
import { TEST_SECRET } from '../support/app.js';
import { DOC_APP_URL, expectMatchesSchema, openApiDocument } from '../support/openapi-validate.js';

type Json = Record<string, unknown>;
type Operation = Json & { operationId: string; parameters: Json[]; responses: Record<string, Json>; security?: unknown };

/** Routes that are not part of the API: HTML pages for people (and the mailbox's JSON view), and the docs page's static files. */
const NOT_API = [/^\/$/, /^\/favicon\.ico$/, /^\/checkout\//, /^\/mailbox(\/|$)/, /^\/api\/docs\/:asset$/];

const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Operation>>; components: Json };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
const endpoints = apiEndpoints({ useCases: {}, appUrl: DOC_APP_URL } as AppDeps);

function composed() {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, APP_URL: DOC_APP_URL });
  // A webhook receiver, so that its router is mounted and walked too.
  return compose(config, pino({ level: 'silent' }), { webhook: { receive: async () => 'invalid-signature' } });
}

/** Every method + path of every router mounted on the app, as OpenAPI paths. */
function mountedRoutes(): string[] {
  const routes: string[] = [];
  for (const middleware of composed().app.middleware) {
    const router = (middleware as { router?: Router }).router;
    for (const layer of router?.stack ?? []) {
      if (typeof layer.path !== 'string' || NOT_API.some((re) => re.test(layer.path as string))) continue;
      for (const method of layer.methods) if (method !== 'HEAD') routes.push(`${method} ${toOpenApiPath(layer.path)}`);
    }
  }
  return routes;
}

describe('the OpenAPI document', () => {
  it('documents every route mounted on the app, and nothing that is not mounted', () => {
    const routes = mountedRoutes();
    const documented = operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(routes.length).toBeGreaterThanOrEqual(endpoints.length + 5);
    expect(routes.filter((r) => !documented.includes(r)), 'routes missing from the document').toEqual([]);
    expect(documented.filter((d) => !routes.includes(d)), 'documented but not routed').toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc['openapi']).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it('is what GET /api/openapi.json serves', async () => {
    const res = await supertest(composed().app.callback()).get('/api/openapi.json').expect(200);
    expect(res.type).toBe('application/json');
    expect(res.body).toEqual(doc);
    expectMatchesSchema('getOpenApi', 200, res.body);
  });

  it('gives every operation a unique operationId, a summary and a tag', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op } of operations) {
      expect(op['summary'], op.operationId).toEqual(expect.any(String));
      expect(op['tags'], op.operationId).toHaveLength(1);
    }
  });

  it('declares each endpoint as written: auth, parameters, body, responses and problems', () => {
    for (const endpoint of endpoints) {
      const op = doc.paths[`/api${toOpenApiPath(endpoint.path)}`]?.[endpoint.method];
      expect(op, endpoint.operationId).toBeDefined();
      if (!op) continue;
      expect(op.operationId).toBe(endpoint.operationId);
      expect(op.security).toEqual(endpoint.auth === 'public' ? undefined : [{ bearerAuth: [] }]);
      const pathParams = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(op.parameters.filter((p) => p['in'] === 'path').map((p) => p['name'])).toEqual(pathParams);
      for (const header of Object.keys(endpoint.requestHeaders ?? {})) {
        expect(op.parameters.some((p) => p['in'] === 'header' && p['name'] === header), `${endpoint.operationId} ${header}`).toBe(true);
      }
      expect(op['requestBody'] !== undefined).toBe(endpoint.body !== undefined);
      if (endpoint.body) expect((op['requestBody'] as Json)['required'], endpoint.operationId).toBe(endpoint.bodyRequired ?? true);
      for (const [status, spec] of Object.entries(endpoint.responses)) {
        const res = op.responses[status] as { headers: Json; content?: Json };
        expect(res, `${endpoint.operationId} ${status}`).toBeDefined();
        for (const header of Object.keys(spec.headers ?? {})) expect(res.headers[header]).toBeDefined();
        expect(res.content !== undefined).toBe(spec.schema !== undefined);
      }
      for (const status of [...endpoint.problems, 500]) {
        const media = (op.responses[String(status)]?.['content'] as Json | undefined)?.['application/problem+json'] as Json | undefined;
        expect(media?.['schema'], `${endpoint.operationId} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
        expect((media?.['example'] as Json)['status']).toBe(status);
      }
    }
  });

  it('marks the refund and shipment bodies optional (no body: no restock; no tracking) and every other body required', () => {
    const optional = Object.values(doc.paths).flatMap((ops) => Object.values(ops))
      .filter((op) => (op['requestBody'] as Json | undefined)?.['required'] === false).map((op) => op.operationId);
    expect(optional).toEqual(['refundOrder', 'shipOrder']);
  });

  it('lists query parameters from the query schemas, optional unless required', () => {
    const params = doc.paths['/api/products']?.['get']?.parameters ?? [];
    expect(params.map((p) => [p['name'], p['in'], p['required']])).toEqual([
      ['limit', 'query', false], ['cursor', 'query', false], ['category', 'query', false], ['If-None-Match', 'header', false],
    ]);
  });

  it('types every limit parameter as an integer from 1 to 100, as the service reads it', () => {
    const limits = operations.flatMap(({ op }) => (op.parameters ?? []).filter((p) => p['name'] === 'limit').map((p) => [op.operationId, p['schema']]));
    expect(limits.map(([id]) => id)).toEqual(expect.arrayContaining(['listProducts', 'listProductsForAdmin', 'listOrders', 'listAllOrders']));
    for (const [id, schema] of limits) expect(schema, String(id)).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
  });

  it('documents the status filter of the caller\'s own orders', () => {
    const params = doc.paths['/api/orders']?.['get']?.parameters ?? [];
    expect(params.find((p) => p['name'] === 'status')).toMatchObject({ in: 'query', required: false, schema: { enum: expect.arrayContaining(['pending', 'completed']) } });
  });

  it('describes the bearer scheme, shared schemas and examples', () => {
    expect((doc.components['securitySchemes'] as Json)['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const schemas = doc.components['schemas'] as Record<string, Json>;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['AuthResponse', 'Order', 'Problem', 'Product', 'RegisterRequest', 'User']));
    expect(JSON.stringify(schemas['RegisterRequest'])).toContain('"example":"ada@example.com"');
    const register = doc.paths['/api/auth/register']?.['post'];
    expect(JSON.stringify(register?.['requestBody'])).toContain('#/components/schemas/RegisterRequest');
  });

  it("publishes the domain's password and email limits (counted in code points, as the domain counts)", () => {
    const schemas = doc.components['schemas'] as Record<string, { properties: Record<string, Json> }>;
    expect(schemas['RegisterRequest']?.properties['password']).toMatchObject({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
    expect(schemas['RegisterRequest']?.properties['email']).toMatchObject({ maxLength: MAX_EMAIL_LENGTH });
    expect(schemas['LoginRequest']?.properties['password']).toMatchObject({ maxLength: PASSWORD_MAX_LENGTH });
  });

  it('documents the probes and the webhook outside the endpoint list', () => {
    expect(Object.keys(doc.paths['/health/ready']?.['get']?.responses ?? {})).toEqual(expect.arrayContaining(['200', '503']));
    const webhook = doc.paths['/api/webhook']?.['post'];
    expect(webhook?.parameters).toContainEqual(expect.objectContaining({ name: 'Stripe-Signature', in: 'header', required: true }));
    expect(Object.keys(webhook?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '503']));
  });

  it('names every Stripe event type the webhook handles, refunds included', () => {
    const description = String(doc.paths['/api/webhook']?.['post']?.['description']);
    for (const type of HANDLED_EVENT_TYPES) expect(description).toContain(type);
  });
});

describe('expectMatchesSchema', () => {
  it('accepts real responses of the health probes and a real problem', async () => {
    const http = supertest(composed().app.callback());
    expectMatchesSchema('healthLive', 200, (await http.get('/health/live').expect(200)).body);
    expectMatchesSchema('healthReady', 200, (await http.get('/health/ready').expect(200)).body);
    expectMatchesSchema('getProduct', 404, (await http.get('/api/products/6650f1c2a1b2c3d4e5f60718').expect(404)).body);
    expectMatchesSchema('listProducts', 200, (await http.get('/api/products').expect(200)).body);
  });

  it('rejects a body that does not match, and an undocumented status', () => {
    expect(() => expectMatchesSchema('getProduct', 200, { id: 'nope' })).toThrow();
    expect(() => expectMatchesSchema('getProduct', 418, {})).toThrow(/not documented/);
  });
});
