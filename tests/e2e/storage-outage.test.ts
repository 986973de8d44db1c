import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/adapters/mongo/connect.js';
import { testApp } from '../support/app.js';
import { ferretdbAvailable, ownFerretdb } from '../support/ferretdb.js';

describe.skipIf(!ferretdbAvailable)('the MongoDB-wire server going away mid-run', () => {
  let server: Awaited<ReturnType<typeof ownFerretdb>> | undefined;
  afterAll(async () => server?.destroy());

  it('answers 503 with Retry-After in bounded time, fails readiness, and recovers by itself', async () => {
    server = await ownFerretdb();
    const storage = await connectMongo(server.uri, { serverSelectionTimeoutMS: 2_000 });
    const t = await testApp({ storage });
    const { token } = await t.register();
    const product = await t.createProduct(await t.adminToken());
    expect((await t.http.get('/health/ready')).status).toBe(200);

    await server.stop();
    const started = Date.now();
    const down = await t.http.get('/api/products');
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBeDefined();
    expect(down.body.code).toBe('STORAGE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(15_000);
    const order = await t.placeOrder(token, { productId: product.id });
    expect(order.status).toBe(503);
    expect((await t.http.get('/health/ready')).status).toBe(503);
    expect((await t.http.get('/health/live')).status).toBe(200);

    await server.start();
    let ready = 503;
    for (let i = 0; i < 60 && ready !== 200; i++) {
      ready = (await t.http.get('/health/ready')).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready).toBe(200);
    expect((await t.http.get(`/api/products/${product.id}`)).status).toBe(200);
    expect((await t.placeOrder(token, { productId: product.id })).status).toBe(201);
    await storage.close();
  });
});

describe.skipIf(!ferretdbAvailable)('the catalogue cache while the MongoDB-wire server is away', () => {
  let server: Awaited<ReturnType<typeof ownFerretdb>> | undefined;
  afterAll(async () => server?.destroy());

  const until = async (condition: () => boolean | Promise<boolean>, what: string) => {
    for (let i = 0; i < 300; i++) {
      if (await condition()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`never: ${what}`);
  };
  // The poll after the product's own write sees its stamp and drops the cache once more (a
  // redundant drop is safe; skipping one could hide another instance's write), so "kept" is a
  // state reached once the polls have caught up, not right after the first GET.
  const kept = (t: Awaited<ReturnType<typeof testApp>>, path: string) =>
    until(async () => (await t.http.get(path).expect(200)) && t.catalogue.size() === 1, `${path} kept in memory`);

  it('stops serving from memory once a poll fails (503 from storage, never stale bytes), and resumes when it answers', async () => {
    server = await ownFerretdb();
    const storage = await connectMongo(server.uri, { serverSelectionTimeoutMS: 2_000 });
    const t = await testApp({ storage }, { CATALOGUE_CACHE_POLL: '50ms' });
    const product = await t.createProduct(await t.adminToken());
    await until(() => t.catalogue.following(), 'following');
    await kept(t, `/api/products/${product.id}`);

    await server.stop();
    await until(() => !t.catalogue.following(), 'unsure after the server stopped');
    expect(t.catalogue.size()).toBe(0);
    const down = await t.http.get(`/api/products/${product.id}`);
    expect(down.status).toBe(503);
    expect(down.headers['cache-control']).toBe('no-store');

    await server.start();
    await until(() => t.catalogue.following(), 'following again');
    await kept(t, `/api/products/${product.id}`);
    await storage.close();
  }, 60_000);
});

describe('startup against an unreachable MONGODB_URI', () => {
  // The bound is the service's 5 s server selection, not the driver's 30 s default; the rest is the
  // process starting (tsx compiling), which takes several seconds on a loaded CI machine.
  it('refuses to start against an unreachable server, naming it, well before the driver\'s 30 s default', async () => {
    const { spawnService } = await import('../support/spawn-service.js');
    const started = Date.now();
    const failure = await spawnService({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://user:hunter2@127.0.0.1:1/shop' })
      .then(() => null, (error: Error) => error.message);
    expect(failure).toMatch(/exited with 1/);
    expect(failure).toMatch(/127\.0\.0\.1:1/);
    expect(failure).not.toMatch(/hunter2/);
    expect(Date.now() - started).toBeLessThan(25_000);
  });
});
