import { afterAll, describe, expect, it } from 'vitest';
import { METRICS_TOKEN, parseSamples, valueOf } from '../support/metrics.js';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { type SpawnedService, callJson, rawRequest, spawnService, stopServices } from '../support/spawn-service.js';

const ADMIN = { email: 'admin@shop.test', password: 'admin-password-123' };
const { uri } = mongoTarget();
/** CATALOGUE_CACHE_POLL of instance B: the documented bound is this plus one round trip to the store. */
const POLL_MS = 500;
/** What a loaded 2-core machine may add to that (FerretDB's round trip, the test's own requests). */
const SLACK_MS = 1_500;

/** How many times instance `base` asked storage for products (`products.byId`, `products.list`). */
async function storageReads(base: string, operation: string): Promise<number> {
  const res = await rawRequest(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return valueOf(parseSamples(res.body), 'storage_operation_duration_seconds_count', { operation });
}

/** GETs `path` on `base` until `changed(body)`; how long that took after `since`. */
async function until(base: string, path: string, changed: (body: Record<string, unknown>) => boolean, since: number) {
  for (;;) {
    const res = await callJson(base, 'GET', path, null);
    if (res.status === 200 && changed(res.body!)) return performance.now() - since;
    if (performance.now() - since > 30_000) throw new Error(`${path} on ${base} never changed`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Two real service processes on one database (FerretDB in CI), each with its catalogue in memory:
 * a write through A reaches B's readers within B's poll interval plus a round trip, while B's
 * repeated reads in between never touch storage.
 */
describe.skipIf(!uri)('the catalogue cache across two service processes on one database', () => {
  const dbName = testDbName(import.meta.url);
  const services: SpawnedService[] = [];

  afterAll(async () => {
    await stopServices(services);
    await dropTestDatabase(uri!, dbName);
  }, 30_000);

  it(`B serves from memory, and sees A's changes within ${POLL_MS} ms + a round trip`, async () => {
    const env = {
      NODE_ENV: 'test',
      JWT_SECRET: 'catalogue-two-instances-test-secret-0123456789',
      MONGODB_URI: withDatabase(uri!, dbName),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMITS: 'off',
      METRICS_TOKEN,
      CATALOGUE_CACHE_POLL: `${POLL_MS}ms`,
    };
    services.push(await spawnService(env));
    services.push(await spawnService(env));
    const [a, b] = services.map((s) => s.url) as [string, string];

    const admin = (await callJson(a, 'POST', '/api/auth/login', null, ADMIN)).body!['access_token'] as string;
    const created = await callJson(a, 'POST', '/api/products', admin, { name: 'Teapot', unitAmount: 2500, stock: 1 });
    expect(created.status).toBe(201);
    const id = created.body!['id'] as string;
    const path = `/api/products/${id}`;

    // B keeps what it reads once its poll has seen A's last stamp (a poll or two): wait until its
    // reads stay flat across more than a poll interval, then no read of B's touches storage.
    let reads = -1;
    for (let i = 0; i < 20; i++) {
      expect((await callJson(b, 'GET', path, null)).body).toMatchObject({ name: 'Teapot', inStock: true });
      await callJson(b, 'GET', '/api/products', null);
      const now = await storageReads(b, 'products.byId');
      if (now === reads) break;
      reads = now;
      await new Promise((r) => setTimeout(r, POLL_MS * 1.5));
    }
    const listReads = await storageReads(b, 'products.list');
    for (let i = 0; i < 20; i++) {
      expect((await callJson(b, 'GET', path, null)).body).toMatchObject({ name: 'Teapot' });
      await callJson(b, 'GET', '/api/products', null);
    }
    expect(await storageReads(b, 'products.byId')).toBe(reads);
    expect(await storageReads(b, 'products.list')).toBe(listReads);

    // A PATCH through A: B's cached copy goes within the bound.
    expect((await callJson(a, 'PATCH', path, admin, { name: 'Kettle' })).status).toBe(200);
    const patched = performance.now();
    const renamedAfter = await until(b, path, (p) => p['name'] === 'Kettle', patched);
    const listedAfter = await until(b, '/api/products', (list) => (list as unknown as { name: string }[])[0]?.name === 'Kettle', patched);

    // The last unit sold through A: B's readers see inStock flip within the bound too.
    const customer = (await callJson(a, 'POST', '/api/auth/register', null, {
      name: 'Buyer', email: `buyer-${dbName}@example.com`, password: 'a-good-password',
    })).body!['access_token'] as string;
    expect((await callJson(a, 'POST', '/api/orders', customer, { productId: id })).status).toBe(201);
    const soldAfter = await until(b, path, (p) => p['inStock'] === false, performance.now());

    console.info(`B saw A's rename after ${renamedAfter.toFixed(0)} ms (list ${listedAfter.toFixed(0)} ms), the sale after ${soldAfter.toFixed(0)} ms; poll ${POLL_MS} ms`);
    for (const ms of [renamedAfter, listedAfter, soldAfter]) expect(ms).toBeLessThan(POLL_MS + SLACK_MS);

    // The poll neither keeps B alive nor outlives its storage: SIGTERM ends it cleanly.
    services[1]!.child.kill('SIGTERM');
    expect(await services[1]!.exited).toBe(0);
  }, 120_000);
});
