import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_TOKEN, parseSamples, valueOf } from '../support/metrics.js';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { type SpawnedService, callJson, rawRequest, spawnService, stopServices } from '../support/spawn-service.js';

const { uri } = mongoTarget();
/** What the service promises: an access token of an ended session is refused everywhere within this. */
const BOUND_MS = 1_000;

type Pair = { access_token: string; refresh_token: string };

/** How many times instance `base` read a session from storage (the check's fallback). */
async function sessionReads(base: string): Promise<number> {
  const res = await rawRequest(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return valueOf(parseSamples(res.body), 'storage_operation_duration_seconds_count', { operation: 'sessions.byId' });
}

/** Asks `base` for the profile with `token` until it is refused; how long after `since` that was. */
async function refusedAfter(base: string, token: string, since: number): Promise<number> {
  for (;;) {
    const res = await callJson(base, 'GET', '/api/auth/profile', token);
    if (res.status === 401) return performance.now() - since;
    expect(res.status).toBe(200);
    if (performance.now() - since > 10_000) throw new Error(`${base} still accepts the token after 10 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Two real service processes on one database (FerretDB in CI), with the default
 * SESSION_CHECK_POLL: a session ended through one is refused by the other within a second, while
 * the other's authenticated requests never read a session from storage.
 */
describe.skipIf(!uri)('sessions across two service processes on one database', { timeout: 60_000 }, () => {
  const dbName = testDbName(import.meta.url);
  const services: SpawnedService[] = [];
  let a: string;
  let b: string;

  beforeAll(async () => {
    const env = {
      NODE_ENV: 'test',
      JWT_SECRET: 'sessions-two-instances-test-secret-0123456789',
      MONGODB_URI: withDatabase(uri!, dbName),
      RATE_LIMITS: 'off',
      METRICS_TOKEN,
    };
    services.push(await spawnService(env), await spawnService(env));
    [a, b] = services.map((s) => s.url) as [string, string];
  }, 60_000);

  afterAll(async () => {
    await stopServices(services);
    await dropTestDatabase(uri!, dbName);
  }, 30_000);

  const email = (name: string) => `${name}-${Date.now()}@example.com`;
  const password = 'correct horse battery staple';
  const register = async (name: string) => (await callJson(a, 'POST', '/api/auth/register', null, { name, email: email(name), password })).body as unknown as Pair & { user: { email: string } };
  const logIn = async (base: string, address: string) => (await callJson(base, 'POST', '/api/auth/login', null, { email: address, password })).body as unknown as Pair;

  it(`refuses on B, within ${BOUND_MS} ms, an access token whose session was ended on A; B reads no session from storage meanwhile`, async () => {
    const ada = await register('ada');
    for (let i = 0; i < 5; i++) expect((await callJson(b, 'GET', '/api/auth/profile', ada.access_token)).status).toBe(200);
    const reads = await sessionReads(b);
    for (let i = 0; i < 50; i++) expect((await callJson(b, 'GET', '/api/auth/profile', ada.access_token)).status).toBe(200);
    expect(await sessionReads(b)).toBe(reads);

    const since = performance.now();
    expect((await callJson(a, 'POST', '/api/auth/logout', ada.access_token)).status).toBe(204);
    const elapsed = await refusedAfter(b, ada.access_token, since);
    console.log(`logout on A → 401 on B after ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect((await callJson(a, 'GET', '/api/auth/profile', ada.access_token)).status).toBe(401);
    expect((await callJson(b, 'POST', '/api/auth/refresh', null, { refresh_token: ada.refresh_token })).status).toBe(401);
  });

  it(`ends the other sessions of a password change made on B, on A within ${BOUND_MS} ms`, async () => {
    const bob = await register('bob');
    const elsewhere = await logIn(a, bob.user.email);
    expect((await callJson(a, 'GET', '/api/auth/profile', elsewhere.access_token)).status).toBe(200);
    const since = performance.now();
    const changed = await callJson(b, 'POST', '/api/auth/password', bob.access_token, { currentPassword: password, newPassword: `${password} two` });
    expect(changed.status).toBe(204);
    const elapsed = await refusedAfter(a, elsewhere.access_token, since);
    console.log(`password change on B → 401 on A after ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect((await callJson(a, 'GET', '/api/auth/profile', bob.access_token)).status).toBe(200);
  });

  it('gives one new pair to two refreshes of one token on A and B at once', async () => {
    const cy = await register('cy');
    for (let i = 0; i < 5; i++) {
      const [onA, onB] = await Promise.all([
        callJson(a, 'POST', '/api/auth/refresh', null, { refresh_token: cy.refresh_token }),
        callJson(b, 'POST', '/api/auth/refresh', null, { refresh_token: cy.refresh_token }),
      ]);
      expect([onA.status, onB.status]).toEqual([200, 200]);
      expect(onB.body).toEqual(onA.body);
      cy.refresh_token = (onA.body as unknown as Pair).refresh_token;
      cy.access_token = (onA.body as unknown as Pair).access_token;
    }
    expect((await callJson(b, 'GET', '/api/auth/profile', cy.access_token)).status).toBe(200);
  });
});
