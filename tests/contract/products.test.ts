import { describe } from 'vitest';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { productsContract } from './products.contract.js';

describe('memory', () => {
  productsContract(async () => new MemoryProducts());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  productsContract(async () => (await mongo.fresh()).products);
});
