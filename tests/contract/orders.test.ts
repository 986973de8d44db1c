import { describe } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { ordersContract } from './orders.contract.js';

describe('memory', () => {
  ordersContract(async () => new MemoryOrders());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  ordersContract(async () => (await mongo.fresh()).orders);
});
