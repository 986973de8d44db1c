import { describe } from 'vitest';
import { MemoryIdempotencyRecords } from '../../src/adapters/memory/idempotency-records.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { idempotencyRecordsContract } from './idempotency-records.contract.js';

describe('memory', () => {
  idempotencyRecordsContract(async () => new MemoryIdempotencyRecords());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  idempotencyRecordsContract(async () => (await mongo.fresh()).idempotencyRecords);
});
