import { afterAll, describe, expect, it } from 'vitest';
import { METRICS_TOKEN, parseSamples, valueOf } from '../support/metrics.js';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { type SpawnedService, callJson, rawRequest, spawnService, stopServices } from '../support/spawn-service.js';

const ADMIN = { email: 'admin@shop.test', password: 'admin-password-123' };
const { uri } = mongoTarget();
const INSTANCES = 4;
const POLL_MS = 200;

/** How many times instance `base` asked storage for products, by operation. */
async function storageReads(base: string): Promise<{ byId: number; list: number }> {
  const res = await rawRequest(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  const samples = parseSamples(res.body);
  const count = (operation: string) => valueOf(samples, 'storage_operation_duration_seconds_count', { operation });
  return { byId: count('products.byId'), list: count('products.list') };
}

/**
 * Four service processes on one database, each with its catalogue in memory: a change to product X
 * through one of them drops X's page and the lists on every instance, and leaves the page of an
 * unrelated product Y in memory everywhere (no instance reads Y from storage again).
 */
describe.skipIf(!uri)('the catalogue cache across four service processes', () => {
  const dbName = testDbName(import.meta.url);
  const services: SpawnedService[] = [];

  afterAll(async () => {
    await stopServices(services);
    await dropTestDatabase(uri!, dbName);
  }, 60_000);

  it("a change to X refills X's page and the lists on every instance, never Y's", async () => {
    const env = {
      NODE_ENV: 'test',
      JWT_SECRET: 'catalogue-four-instances-test-secret-0123456789',
      MONGODB_URI: withDatabase(uri!, dbName),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMITS: 'off',
      METRICS_TOKEN,
      CATALOGUE_CACHE_POLL: `${POLL_MS}ms`,
    };
    for (let i = 0; i < INSTANCES; i++) services.push(await spawnService(env));
    const bases = services.map((s) => s.url);
    const [writer] = bases as [string];
    const admin = (await callJson(writer, 'POST', '/api/auth/login', null, ADMIN)).body!['access_token'] as string;
    const create = async (name: string) => (await callJson(writer, 'POST', '/api/products', admin, { name, unitAmount: 1500 })).body!['id'] as string;
    const [x, y] = [await create('Jug'), await create('Bowl')];
    const pages = [`/api/products/${x}`, `/api/products/${y}`, '/api/products'];

    // Every instance keeps the three pages once its polls have seen the writer's stamps: reads stay flat.
    for (const base of bases) {
      let last = -1;
      for (let i = 0; i < 30; i++) {
        for (const path of pages) expect((await callJson(base, 'GET', path, null)).status).toBe(200);
        const { byId, list } = await storageReads(base);
        if (byId + list === last) break;
        last = byId + list;
        await new Promise((r) => setTimeout(r, POLL_MS * 2));
      }
    }
    const before = await Promise.all(bases.map(storageReads));

    expect((await callJson(writer, 'PATCH', `/api/products/${x}`, admin, { name: 'Big jug' })).status).toBe(200);
    for (const base of bases) {
      const deadline = Date.now() + 30_000;
      while ((await callJson(base, 'GET', `/api/products/${x}`, null)).body!['name'] !== 'Big jug') {
        if (Date.now() > deadline) throw new Error(`${base} never saw X renamed`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const list = (await callJson(base, 'GET', '/api/products', null)).body as unknown as { name: string }[];
      expect(list.map((p) => p.name)).toContain('Big jug');
    }
    const afterX = await Promise.all(bases.map(storageReads));
    for (let round = 0; round < 3; round++) {
      for (const base of bases) expect((await callJson(base, 'GET', `/api/products/${y}`, null)).body).toMatchObject({ name: 'Bowl' });
    }
    const afterY = await Promise.all(bases.map(storageReads));

    const refills = afterX.map((a, i) => a.byId - before[i]!.byId + a.list - before[i]!.list);
    console.info(`reads per instance for the change of X (its page, the list, the writer's own PATCH): ${refills.join(', ')}; Y read again: ${afterY.map((a, i) => a.byId - afterX[i]!.byId).join(', ')}`);
    expect(afterY).toEqual(afterX); // Y's page never left memory on any instance
    for (const [i, a] of afterX.entries()) {
      expect(a.list - before[i]!.list, `instance ${i}: the list, refilled once`).toBeGreaterThanOrEqual(1);
      if (i > 0) expect(a.byId - before[i]!.byId, `instance ${i}: X's page, refilled once`).toBe(1);
    }
  }, 180_000);
});
