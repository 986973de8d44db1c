import { describe } from 'vitest';
import { MemoryRateLimits } from '../../src/adapters/memory/rate-limits.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { rateLimitsContract } from './rate-limits.contract.js';

describe('memory', () => {
  rateLimitsContract(async () => new MemoryRateLimits());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  rateLimitsContract(async () => (await mongo.fresh()).rateLimits);
});
