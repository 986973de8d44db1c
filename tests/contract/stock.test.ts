import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { MongoStock, type StockReservationDocument, openEarlierReservations } from '../../src/adapters/mongo/stock.js';
import { type StockChangeDocument, StockLevels } from '../../src/adapters/mongo/stock-levels.js';
import { OutOfStock } from '../../src/domain/errors.js';
import { faultPlan, faultyCalls, faultyDb } from '../support/faults.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { at, nextId, productRecord } from '../support/records.js';
import { stockFaultContract } from './stock-faults.contract.js';
import { stockContract } from './stock.contract.js';

describe('memory', () => {
  stockContract(async () => {
    const products = new MemoryProducts();
    const stock = new MemoryStock(products);
    return { products, stock, stockReservations: stock };
  });
  stockFaultContract(async () => {
    const products = new MemoryProducts();
    const faults = faultPlan();
    const stock = faultyCalls(new MemoryStock(products), ['reserve', 'release'], faults);
    return { products, stock, stockReservations: stock, faults };
  });
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  stockContract(async () => mongo.fresh());
  const admin = { client: null as MongoClient | null };
  afterAll(async () => admin.client?.close());
  stockFaultContract(async () => {
    const storage = await mongo.fresh();
    admin.client ??= await MongoClient.connect(withDatabase(mongoTarget().uri!, storage.dbName));
    const faults = faultPlan();
    // The stock adapter under test sees a storage whose writes fail as planned; the products (setting up, reading the counts) do not.
    const db = faultyDb(admin.client.db(storage.dbName), faults);
    const stock = new MongoStock(db, new StockLevels(db));
    return { products: storage.products, stock, stockReservations: stock, faults };
  });

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

  it('reservations written before `open` existed: the open ones stay in the sweep\'s sight and release as they were, the others leave it', async () => {
    const storage = await mongo.fresh();
    const product = productRecord({ stock: 7 });
    await storage.products.add(product);
    const client = new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName));
    try {
      const db = client.db();
      const line = { productId: product.id, quantity: 3 };
      const [open, settled, released] = [nextId(), nextId(), nextId()];
      await db.collection<StockReservationDocument>('stock_reservations').insertMany([
        { _id: open, lines: [line], held: [line], createdAt: at(1), releasedAt: null },
        { _id: settled, lines: [line], held: [line], createdAt: at(1), releasedAt: null, settled: true },
        { _id: released, lines: [line], held: [], createdAt: at(1), releasedAt: at(2) },
      ]);
      await openEarlierReservations(db);
      await openEarlierReservations(db); // nothing left to mark
      expect((await storage.stockReservations.unsettled(at(10), 10)).map((r) => r.orderId)).toEqual([open]);
      expect(await storage.stock.release(open, at(11))).toBe(true);
      expect((await storage.products.byId(product.id))?.stock).toBe(10);
      expect(await storage.stock.release(released, at(11))).toBe(false);
      expect(await storage.stockReservations.unsettled(at(10), 10)).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
