import { afterAll, describe } from 'vitest';
import { MemorySessions } from '../../src/adapters/memory/sessions.js';
import { type MongoStorage, connectMongo } from '../../src/adapters/mongo/connect.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { sessionsContract } from './sessions.contract.js';

describe('memory', () => {
  sessionsContract(async () => {
    const sessions = new MemorySessions();
    return { sessions, sessionEndings: sessions.endings };
  });
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  let second: MongoStorage | undefined;
  afterAll(async () => second?.close());
  sessionsContract(
    async () => mongo.fresh(),
    async () => {
      const first = await mongo.fresh();
      second ??= await connectMongo(withDatabase(mongoTarget().uri!, first.dbName), { appName: 'shop-api-tests-2' });
      return second;
    },
  );
});
