import { MongoClient, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { productRecord } from '../support/records.js';
import { productsContract } from './products.contract.js';

describe('memory', () => {
  productsContract(async () => new MemoryProducts());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  productsContract(async () => (await mongo.fresh()).products);

  it('reads a product stored before `shippable` existed as shippable', async () => {
    const storage = await mongo.fresh();
    const product = productRecord();
    await storage.products.add(product);
    const client = new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName));
    try {
      await client.db().collection('products').updateOne({ _id: new ObjectId(product.id) }, { $unset: { shippable: '' } });
    } finally {
      await client.close();
    }
    expect(await storage.products.byId(product.id)).toEqual({ ...product, shippable: true });
  });
});
