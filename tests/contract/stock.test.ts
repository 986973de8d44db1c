import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import type { StockChangeDocument } from '../../src/adapters/mongo/stock-levels.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { aProduct, at, nextId } from './builders.js';
import { stockContract } from './stock.contract.js';

describe('memory', () => {
  stockContract(async () => {
    const products = new MemoryProducts();
    return { products, stock: new MemoryStock(products) };
  });
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  stockContract(async () => mongo.fresh());

  it('finishes the change of a caller that died after winning its guard, then applies its own', async () => {
    const storage = await mongo.fresh();
    const product = aProduct({ stock: 10 });
    await storage.products.add(product);
    const client = new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName));
    try {
      const dead: StockChangeDocument = {
        _id: `${product.id}:0`, nonce: 'dead', stock: 7, revision: 1, createdAt: at(0), expiresAt: null,
      };
      await client.db().collection<StockChangeDocument>('stock_changes').insertOne(dead);
      await storage.stock.reserve(nextId(), [{ productId: product.id, quantity: 2 }], at(60));
      expect((await storage.products.byId(product.id))?.stock).toBe(5);
    } finally {
      await client.close();
    }
  });
});
