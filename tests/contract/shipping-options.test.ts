import { describe } from 'vitest';
import { MemoryShippingOptions } from '../../src/adapters/memory/shipping-options.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { shippingOptionsContract } from './shipping-options.contract.js';

describe('memory', () => {
  shippingOptionsContract(async () => new MemoryShippingOptions());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  shippingOptionsContract(async () => (await mongo.fresh()).shippingOptions);
});
