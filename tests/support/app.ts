import pino, { type Logger } from 'pino';
import supertest from 'supertest';
import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { connectMongo } from '../../src/adapters/mongo/connect.js';
import { EnsureAdmin } from '../../src/application/accounts/ensure-admin.js';
import { type Overrides, compose } from '../../src/boot/compose.js';
import { loadConfig } from '../../src/boot/config.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256!';
export const ADMIN = { email: 'admin@shop.test', password: 'admin-password-123' };

let counter = 0;
export const uniqueEmail = (prefix = 'customer') => `${prefix}-${process.pid}-${++counter}@example.com`;

/** With TEST_HTTP_STORAGE=mongo every test app gets a fresh database on TEST_MONGODB_URI. */
const onMongo = process.env['TEST_HTTP_STORAGE'] === 'mongo';
const mongoStorages: Awaited<ReturnType<typeof connectMongo>>[] = [];
if (onMongo) {
  afterAll(async () => {
    const admin = new MongoClient(process.env['TEST_MONGODB_URI']!, { serverSelectionTimeoutMS: 5_000 });
    for (const storage of mongoStorages.splice(0)) {
      await storage.close();
      await admin.db(storage.dbName).dropDatabase().catch(() => undefined);
    }
    await admin.close();
  });
}

async function storageFor(overrides: Overrides): Promise<Overrides> {
  if (!onMongo || overrides.storage) return overrides;
  const base = process.env['TEST_MONGODB_URI']!.replace(/\/[^/?]*(\?.*)?$/, '/');
  const storage = await connectMongo(`${base}test_http_${process.pid}_${++counter}_${Date.now() % 1e6}`);
  mongoStorages.push(storage);
  return { ...overrides, storage };
}

/** The real composition (in-memory storage, local payments unless overridden), driven by supertest. */
export async function testApp(overrides: Overrides = {}, env: Record<string, string> = {}, logger: Logger = pino({ level: 'silent' })) {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, APP_URL: 'http://shop.test', RATE_LIMITS: 'off', ...env });
  const composition = compose(config, logger, await storageFor(overrides));
  await composition.container.resolve(EnsureAdmin).execute(ADMIN);
  const http = supertest(composition.app.callback());

  const register = async (fields: Partial<{ name: string; email: string; password: string }> = {}) => {
    const body = { name: 'Test Customer', email: uniqueEmail(), password: 'a-good-password', ...fields };
    const res = await http.post('/api/auth/register').send(body).expect(201);
    return { token: res.body.access_token as string, user: res.body.user as { id: string; email: string }, ...body };
  };
  const adminToken = async () =>
    (await http.post('/api/auth/login').send(ADMIN).expect(200)).body.access_token as string;

  const createProduct = async (token: string, fields: Record<string, unknown> = {}) => {
    const body = { name: 'Espresso cup', description: 'Stoneware', category: 'kitchen', unitAmount: 1299, ...fields };
    const res = await http.post('/api/products').set('Authorization', `Bearer ${token}`).send(body).expect(201);
    return res.body as { id: string; unitAmount: number; currency: string };
  };

  const placeOrder = async (token: string, body: unknown) =>
    http.post('/api/orders').set('Authorization', `Bearer ${token}`).send(body as object);

  return { ...composition, config, http, register, adminToken, createProduct, placeOrder };
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;
