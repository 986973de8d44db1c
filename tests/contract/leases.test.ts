import { describe } from 'vitest';
import { MemoryLeases } from '../../src/adapters/memory/leases.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { leasesContract } from './leases.contract.js';

describe('memory', () => {
  leasesContract(async () => new MemoryLeases());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  leasesContract(async () => (await mongo.fresh()).leases);
});
