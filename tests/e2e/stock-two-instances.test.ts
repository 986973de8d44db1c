import { afterAll, describe, expect, it } from 'vitest';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { type SpawnedService, callJson, rawRequest, spawnService, stopServices } from '../support/spawn-service.js';

const ADMIN = { email: 'admin@shop.test', password: 'admin-password-123' };
const { uri } = mongoTarget();

/**
 * Two real service processes on one database (FerretDB in CI): the stock is decided by the
 * store's unique inserts, so neither process can hand out a unit the other already took.
 */
describe.skipIf(!uri)('stock across two service processes on one database', () => {
  const dbName = testDbName(import.meta.url);
  const services: SpawnedService[] = [];

  afterAll(async () => {
    await stopServices(services);
    await dropTestDatabase(uri!, dbName);
  }, 30_000);

  it('100 concurrent orders of 1 for a stock of 10, spread over both: 10 × 201, 90 × 409, stock 0; 10 again once they expire', async () => {
    const env = {
      NODE_ENV: 'test',
      JWT_SECRET: 'stock-two-instances-test-secret-0123456789',
      MONGODB_URI: withDatabase(uri!, dbName),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMITS: 'off',
      // 50 orders at once per instance, 2.5 × its pool: this test is about who gets the stock, so
      // the burst may queue for connections as long as it takes, not fail fast as overload should.
      MONGODB_WAIT_QUEUE_TIMEOUT_MS: '30000',
    };
    services.push(await spawnService(env));
    services.push(await spawnService(env));
    const [a, b] = services.map((s) => s.url) as [string, string];

    const admin = (await callJson(a, 'POST', '/api/auth/login', null, ADMIN)).body!['access_token'] as string;
    const created = await callJson(a, 'POST', '/api/products', admin, { name: 'Limited print', unitAmount: 5000, stock: 10 });
    expect(created.status).toBe(201);
    const productId = created.body!['id'] as string;
    const customers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const reg = await callJson(i % 2 ? b : a, 'POST', '/api/auth/register', null, {
        name: `Buyer ${i}`, email: `buyer-${i}-${dbName}@example.com`, password: 'a-good-password',
      });
      customers.push(reg.body!['access_token'] as string);
    }

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        callJson(i % 2 ? b : a, 'POST', '/api/orders', customers[i % customers.length]!, { productId, quantity: 1 }),
      ),
    );
    const statuses = results.map((r) => r.status);
    const byInstance = [0, 1].map((k) => statuses.filter((s, i) => i % 2 === k && s === 201).length);
    console.info(`two instances: ${statuses.filter((s) => s === 201).length} × 201 (${byInstance.join(' + ')}), ${statuses.filter((s) => s === 409).length} × 409`);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(90);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'OUT_OF_STOCK', productId, available: 0 });
    }
    const stockOf = async (base: string) => {
      const list = (await callJson(base, 'GET', '/api/admin/products?status=all', admin)).body as { id: string; stock: number }[];
      return list.find((p) => p.id === productId)!.stock;
    };
    expect(await stockOf(a)).toBe(0);
    expect(await stockOf(b)).toBe(0);
    expect((await callJson(b, 'GET', `/api/products/${productId}`, null)).body).toMatchObject({ inStock: false });

    // The 10 checkouts end unpaid (the local checkout's Cancel expires the order), half on each instance.
    const placed = results.filter((r) => r.status === 201).map((r) => r.body!['checkoutUrl'] as string);
    const expired = await Promise.all(
      placed.map((url, i) => rawRequest(`${i % 2 ? b : a}${new URL(url).pathname}/cancel`, { method: 'POST' })),
    );
    expect(expired.map((r) => r.status)).toEqual(Array(10).fill(303));
    expect(await stockOf(b)).toBe(10);
    expect((await callJson(a, 'GET', `/api/products/${productId}`, null)).body).toMatchObject({ inStock: true });
  }, 300_000);
});
