import { describe } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { orderListOrderingsContract, productListOrderingsContract } from './list-orderings.contract.js';

describe('memory', () => {
  productListOrderingsContract(async () => new MemoryProducts());
  orderListOrderingsContract(async () => new MemoryOrders());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  productListOrderingsContract(async () => (await mongo.fresh()).products);
  orderListOrderingsContract(async () => (await mongo.fresh()).orders);
});
