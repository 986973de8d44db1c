import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { ReleaseStrandedStock } from '../../src/application/upkeep/release-stranded-stock.js';
import { StorageUnavailable } from '../../src/domain/errors.js';
import { testApp } from '../support/app.js';

/** Longer than the Idempotency-Key lease (5 min): the earlier attempt is taken for dead. */
const PAST_THE_LEASE_MS = 5 * 60_000 + 1;

/** Makes `method` of `target` fail once (as storage going away would), then behave again. */
function failOnce<T extends object>(target: T, method: keyof T & string) {
  const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  let failed = false;
  (target as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (!failed) {
      failed = true;
      throw new StorageUnavailable('injected');
    }
    return original(...args);
  };
}

async function setUp() {
  let now = Date.parse('2026-11-27T10:00:00.000Z');
  const storage = memoryStorage();
  const t = await testApp({ storage, clock: { now: () => new Date(now) } });
  const { token } = await t.register();
  const product = await t.createProduct(await t.adminToken(), { stock: 5 });
  const send = () => t.http.post('/api/orders').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'checkout-once').send({ productId: product.id });
  const orders = async () => (await t.http.get('/api/orders').set('Authorization', `Bearer ${token}`).expect(200)).body as { id: string }[];
  const stock = async () => (await storage.products.byId(product.id))?.stock;
  return { t, storage, send, orders, stock, later: () => { now += PAST_THE_LEASE_MS; } };
}

describe('Idempotency-Key: a retry after the first attempt could not finish', () => {
  it('answers with the order the first attempt placed when its response could not be stored, never a second one', async () => {
    const { storage, send, orders, later } = await setUp();
    failOnce(storage.idempotencyRecords, 'complete');
    const first = await send();
    expect(first.status).toBe(201);
    expect((await send()).status).toBe(409); // still within the first attempt's lease
    later();
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.body.order.id).toBe(first.body.order.id);
    expect(retry.body.checkoutUrl).toBe(first.body.checkoutUrl);
    expect(retry.headers['location']).toBe(first.headers['location']);
    expect((await orders()).map((o) => o.id)).toEqual([first.body.order.id]);
    // Its response is stored now: the next retry is a replay.
    const replay = await send();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(retry.body);
  });

  it('starts the checkout of the order a first attempt placed but died before paying for, and answers with it', async () => {
    const { storage, send, orders, later } = await setUp();
    // The order is saved, its checkout never attached, and the key neither released nor completed (as a crash leaves it).
    failOnce(storage.orders, 'attachCheckout');
    failOnce(storage.idempotencyRecords, 'release');
    expect((await send()).status).toBe(503);
    const [placed] = await orders();
    expect(placed).toMatchObject({ status: 'pending' });
    expect(placed).not.toHaveProperty('checkoutUrl');
    later();
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.body.order.id).toBe(placed!.id);
    expect(retry.body.checkoutUrl).toEqual(expect.any(String));
    expect((await orders()).map((o) => o.id)).toEqual([placed!.id]);
  });

  it('places the order under a fresh id when the first attempt died before placing it; once the sweep has run its stock is held once', async () => {
    const { t, storage, send, orders, stock, later } = await setUp();
    failOnce(storage.orders, 'add');
    failOnce(storage.idempotencyRecords, 'release');
    expect((await send()).status).toBe(503);
    expect(await orders()).toEqual([]);
    later();
    const retry = await send();
    expect(retry.status).toBe(201);
    expect((await orders()).map((o) => o.id)).toEqual([retry.body.order.id]);
    // The first attempt's reservation stays until the stranded-stock sweep finds its order absent.
    expect(await stock()).toBe(3);
    later();
    later();
    expect(await t.container.resolve(ReleaseStrandedStock).execute(5 * 60_000)).toBe(1);
    expect(await stock()).toBe(4);
  });
});
