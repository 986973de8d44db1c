import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type AppDeps, apiEndpoints } from '../../src/adapters/http/app.js';
import { API_PREFIX, type Endpoint } from '../../src/adapters/http/endpoint.js';
import { JoseTokens } from '../../src/adapters/security/jose-tokens.js';
import { type TestApp, TEST_SECRET, testApp } from '../support/app.js';

/**
 * The admin gate in `mountEndpoints` answers 403 to a non-admin before the input is validated, so a
 * caller who may not use a route learns nothing about what it accepts. The use cases check the role
 * again, so only a request that fails before the use case tells the gate apart: an invalid one
 * (400 without the gate), or one naming nothing that exists (404). Every admin route is covered,
 * as the endpoint list declares them.
 */
const adminEndpoints = apiEndpoints({ useCases: {}, appUrl: 'http://shop.test' } as AppDeps).filter((e) => e.auth === 'admin');

const WELL_FORMED_ID = '000000000000000000000000';
const rejects = (schema: z.ZodType | undefined, value: unknown) => schema !== undefined && !schema.safeParse(value).success;
const shapeOf = (schema: z.ZodType | undefined): string[] => Object.keys((schema as { shape?: object } | undefined)?.shape ?? {});
const paramNames = (endpoint: Endpoint) => [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

type Attempt = Readonly<{
  what: string;
  /** What an admin gets for it: proof that the request fails on its input once past the gate. */
  adminGets: 400 | 404;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}>;

function validParams(endpoint: Endpoint): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of paramNames(endpoint)) {
    params[name] = [WELL_FORMED_ID, 'a', '1'].find((v) => !rejects(endpoint.params, { ...params, [name]: v })) ?? WELL_FORMED_ID;
  }
  return params;
}

/**
 * Requests that fail on their input: each with one part the route's own schema rejects (body, query,
 * a path parameter, Idempotency-Key), and, where the rest can be left empty, one naming an id that
 * does not exist.
 */
function failingAttempts(endpoint: Endpoint): Attempt[] {
  const params = validParams(endpoint);
  const attempts: Attempt[] = [];
  const someBody = endpoint.body && { body: {} };
  const body = [[], {}, { unexpected: true }].find((candidate) => rejects(endpoint.body, candidate));
  if (body !== undefined) attempts.push({ what: `body ${JSON.stringify(body)}`, adminGets: 400, params, query: {}, body });

  const queries = [{ unexpected: '1' }, ...shapeOf(endpoint.query).flatMap((key) =>
    ['', '-1', '0', 'not-valid', 'x'.repeat(2_000)].map((value) => ({ [key]: value })))];
  const query = queries.find((candidate) => rejects(endpoint.query, candidate));
  if (query) attempts.push({ what: `query ${JSON.stringify(query).slice(0, 60)}`, adminGets: 400, params, query, ...someBody });

  for (const name of paramNames(endpoint)) {
    const value = ['not-an-id', '-1', '0', 'x'.repeat(300)].find((v) => rejects(endpoint.params, { ...params, [name]: v }));
    if (value) attempts.push({ what: `param ${name}=${value.slice(0, 20)}`, adminGets: 400, params: { ...params, [name]: value }, query: {}, ...someBody });
  }
  if (endpoint.idempotent) {
    attempts.push({ what: 'an over-long Idempotency-Key', adminGets: 400, params, query: {}, ...someBody, headers: { 'Idempotency-Key': 'k'.repeat(300) } });
  }
  const emptyIsValid = !rejects(endpoint.body, {}) && !rejects(endpoint.query, {});
  if (paramNames(endpoint).length > 0 && emptyIsValid) {
    attempts.push({ what: `ids of nothing (${JSON.stringify(params)})`, adminGets: 404, params, query: {}, ...someBody });
  }
  return attempts;
}

function send(t: TestApp, endpoint: Endpoint, attempt: Pick<Attempt, 'params' | 'query' | 'body' | 'headers'>, token: string | null) {
  const path = API_PREFIX + endpoint.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(attempt.params[name]!));
  let req = t.http[endpoint.method](path).query(attempt.query);
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(attempt.headers ?? {})) req = req.set(name, value);
  return attempt.body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(attempt.body));
}

describe('the admin gate', () => {
  let t: TestApp;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    t = await testApp();
    admin = await t.adminToken();
    customer = (await t.register()).token;
  });

  it('knows the admin routes from the endpoint list, and can make a failing request for each that takes input', () => {
    expect(adminEndpoints.map((e) => `${e.method.toUpperCase()} ${e.path}`)).toContain('POST /products');
    for (const endpoint of adminEndpoints) {
      const takesInput = Boolean(endpoint.body || endpoint.query || endpoint.params || endpoint.idempotent);
      expect(failingAttempts(endpoint).length > 0, `${endpoint.method} ${endpoint.path}`).toBe(takesInput);
    }
  });

  it.each(adminEndpoints.map((e) => [`${e.method.toUpperCase()} ${e.path}`, e] as const))(
    '%s answers a customer 403 before looking at the input, where an admin gets 400 or 404',
    async (_, endpoint) => {
      const attempts = failingAttempts(endpoint);
      for (const attempt of attempts) {
        const asAdmin = await send(t, endpoint, attempt, admin);
        expect({ what: attempt.what, status: asAdmin.status }).toEqual({ what: attempt.what, status: attempt.adminGets });
        if (attempt.adminGets === 400) expect(asAdmin.body.code, attempt.what).toBe('VALIDATION_FAILED');

        const asCustomer = await send(t, endpoint, attempt, customer);
        expect({ what: attempt.what, status: asCustomer.status, code: asCustomer.body.code }).toEqual({ what: attempt.what, status: 403, code: 'FORBIDDEN' });
        expect(asCustomer.body.errors, attempt.what).toBeUndefined();

        expect((await send(t, endpoint, attempt, null)).status, attempt.what).toBe(401);
      }
      if (attempts.length === 0) {
        // Nothing to make invalid: a well-formed request from a customer is refused all the same.
        const asCustomer = await send(t, endpoint, { params: validParams(endpoint), query: {} }, customer);
        expect([asCustomer.status, asCustomer.body.code]).toEqual([403, 'FORBIDDEN']);
      }
    },
  );
});

describe('a token whose account no longer exists', () => {
  // Validly signed, for an id no account has (as after the account is deleted).
  const tokenFor = async (role: 'customer' | 'admin') =>
    (await new JoseTokens({ secret: TEST_SECRET, expiresInSeconds: 600, issuer: 'shop-api', audience: 'shop-api' })
      .issue({ userId: '0000000000000000000000ff', role })).token;

  it.each(adminEndpoints.map((e) => [`${e.method.toUpperCase()} ${e.path}`, e] as const))(
    '%s answers it 401, as the profile does, whatever role it claims',
    async (_, endpoint) => {
      const t = await testApp();
      for (const role of ['customer', 'admin'] as const) {
        const token = await tokenFor(role);
        expect((await t.http.get('/api/auth/profile').set('Authorization', `Bearer ${token}`)).status).toBe(401);
        const attempts = [{ params: validParams(endpoint), query: {}, ...(endpoint.body && { body: {} }) }, ...failingAttempts(endpoint)];
        for (const attempt of attempts) {
          const res = await send(t, endpoint, attempt, token);
          expect({ role, attempt: JSON.stringify(attempt).slice(0, 80), status: res.status, code: res.body.code })
            .toEqual({ role, attempt: JSON.stringify(attempt).slice(0, 80), status: 401, code: 'UNAUTHENTICATED' });
        }
      }
    },
  );
});
