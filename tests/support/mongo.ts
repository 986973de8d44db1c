import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { type MongoStorage, connectMongo } from '../../src/adapters/mongo/connect.js';
import { requireService } from './ci.js';

export type MongoTarget = Readonly<{ uri: string | null; available: boolean }>;

/**
 * Where the Mongo suites run: `TEST_MONGODB_URI`. Without it they are skipped locally (one line on
 * the console) and fail in CI, where a missing server must never pass as green.
 */
export function mongoTarget(): MongoTarget {
  const uri = process.env.TEST_MONGODB_URI?.trim() || null;
  const available = requireService({
    name: 'TEST_MONGODB_URI (the MongoDB-wire server)',
    available: uri !== null,
    hint: 'scripts/test-services.sh start prints it, e.g. mongodb://127.0.0.1:27018/',
    skips: 'Mongo suites',
  });
  return { uri, available };
}

/** The URI with its path replaced by `dbName`, options kept. */
export function withDatabase(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`TEST_MONGODB_URI is not a mongodb:// URI: ${uri.replace(/\/\/[^@/]*@/, '//***@')}`);
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}

/** `test_<file>_<random>`: each test file gets a database of its own, so files run in parallel. */
export function testDbName(testFile: string): string {
  const file = basename(testFile.startsWith('file:') ? fileURLToPath(testFile) : testFile)
    .replace(/\.test\.ts$/, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .slice(0, 32);
  return `test_${file}_${randomBytes(4).toString('hex')}`;
}

/**
 * Inside a `describe`: connects once for the file (through `connectMongo`, so indexes exist as in
 * production) and drops the file's database afterwards. `fresh()` empties every collection and
 * returns the storage, for a test that wants to start from nothing.
 */
export function useMongoStorage(testFile: string): { fresh(): Promise<MongoStorage> } {
  const { uri } = mongoTarget();
  const dbName = testDbName(testFile);
  let storage: MongoStorage | undefined;
  let admin: MongoClient | undefined;

  beforeAll(async () => {
    if (!uri) throw new Error('useMongoStorage needs TEST_MONGODB_URI; guard the suite with describe.skipIf');
    storage = await connectMongo(withDatabase(uri, dbName), { appName: 'shop-api-tests' });
    admin = new MongoClient(withDatabase(uri, dbName), { serverSelectionTimeoutMS: 5_000 });
  });

  afterAll(async () => {
    await admin?.db(dbName).dropDatabase().catch(() => undefined);
    await admin?.close();
    await storage?.close();
  });

  return {
    async fresh() {
      if (!storage || !admin) throw new Error('storage is not connected yet');
      const db = admin.db(dbName);
      for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        await db.collection(name).deleteMany({});
      }
      return storage;
    },
  };
}

/** Drops a database a test created through its own processes (what `useMongoStorage` does for its own). */
export async function dropTestDatabase(uri: string, dbName: string): Promise<void> {
  const admin = new MongoClient(withDatabase(uri, dbName), { serverSelectionTimeoutMS: 5_000 });
  await admin.db(dbName).dropDatabase().catch(() => undefined);
  await admin.close();
}
