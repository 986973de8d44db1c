import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { MongoStock } from '../../src/adapters/mongo/stock.js';
import { type StockChangeDocument, StockLevels } from '../../src/adapters/mongo/stock-levels.js';
import { OutOfStock } from '../../src/domain/errors.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { at, nextId, productRecord } from '../support/records.js';
import { stockContract } from './stock.contract.js';

describe('memory', () => {
  stockContract(async () => {
    const products = new MemoryProducts();
    const stock = new MemoryStock(products);
    return { products, stock, stockReservations: stock };
  });
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  stockContract(async () => mongo.fresh());

  it('finishes the change of a caller that died after winning its guard, then applies its own', async () => {
    const storage = await mongo.fresh();
    const product = productRecord({ stock: 10 });
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

  it('100 reservations spread over 4 independent adapters (as 4 processes would be): exactly 10 of a stock of 10', async () => {
    const storage = await mongo.fresh();
    const product = productRecord({ stock: 10 });
    await storage.products.add(product);
    const clients = Array.from({ length: 4 }, () => new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName)));
    try {
      // Each adapter has its own StockLevels, so its in-process turn-taking does not order it against the others.
      const adapters = clients.map((c) => new MongoStock(c.db(), new StockLevels(c.db())));
      const orders = Array.from({ length: 100 }, () => nextId());
      const results = await Promise.allSettled(
        orders.map((order, i) => adapters[i % 4]!.reserve(order, [{ productId: product.id, quantity: 1 }], at(1))),
      );
      const won = orders.filter((_, i) => results[i]!.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof OutOfStock);
      expect([won.length, refused.length]).toEqual([10, 90]);
      expect((await storage.products.byId(product.id))?.stock).toBe(0);
      const released = await Promise.all(won.flatMap((order) => adapters.map((a) => a.release(order, at(2)))));
      expect(released.filter(Boolean)).toHaveLength(10);
      expect((await storage.products.byId(product.id))?.stock).toBe(10);
    } finally {
      for (const c of clients) await c.close();
    }
  }, 120_000);
});
