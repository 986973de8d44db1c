import { describe } from 'vitest';
import { MemoryUsers } from '../../src/adapters/memory/users.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { usersContract } from './users.contract.js';

describe('memory', () => {
  usersContract(async () => new MemoryUsers());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  usersContract(async () => (await mongo.fresh()).users);
});
