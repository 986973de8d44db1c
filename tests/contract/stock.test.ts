import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { MongoStock, type StockReservationDocument, openEarlierReservations } from '../../src/adapters/mongo/stock.js';
import { type StockChangeDocument, StockLevels } from '../../src/adapters/mongo/stock-levels.js';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { ReleaseStrandedStock } from '../../src/application/upkeep/release-stranded-stock.js';
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

  it('the sweep reads what is open, not the history: with 10,000 settled or released reservations stored, it reads the 5 open ones and a constant', async () => {
    const storage = await mongo.fresh();
    const product = productRecord({ stock: 100 });
    await storage.products.add(product);
    const client = new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName), { monitorCommands: true });
    try {
      const db = client.db();
      const line = { productId: product.id, quantity: 1 };
      const past = Array.from({ length: 10_000 }, (_, i): StockReservationDocument => ({
        _id: nextId(), lines: [line], held: i % 2 ? [line] : [], createdAt: at(i % 500),
        ...(i % 2 ? { state: 'held', open: false, settled: true, releasedAt: null } : { state: 'released', open: false, releasedAt: at(600) }),
      }));
      for (let i = 0; i < past.length; i += 1000) await db.collection<StockReservationDocument>('stock_reservations').insertMany(past.slice(i, i + 1000));
      const stock = new MongoStock(db, new StockLevels(db));
      const open = Array.from({ length: 5 }, () => nextId());
      for (const order of open) await stock.reserve(order, [line], at(100));

      const commands: { name: string; collection: unknown; command: Record<string, unknown> }[] = [];
      let returned = 0;
      client.on('commandStarted', (e) => commands.push({ name: e.commandName, collection: e.command[e.commandName], command: e.command }));
      client.on('commandSucceeded', (e) => {
        const reply = e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } };
        if (e.commandName === 'find' || e.commandName === 'getMore') returned += (reply.cursor?.firstBatch ?? reply.cursor?.nextBatch ?? []).length;
      });
      // Orders never saved: the sweep gives all 5 back (read, release claim, 5 writes per line, record update).
      const sweep = new ReleaseStrandedStock(new MemoryOrders(), stock, stock, { now: () => at(3600) });
      expect(await sweep.execute(10 * 60_000)).toBe(5);
      const scans = commands.filter((c) => c.collection === 'stock_reservations' && c.name === 'find');
      console.info(`sweep over 5 open of 10,005 reservations: ${commands.length} commands, ${returned} documents returned (${scans.length} scans of stock_reservations)`);
      expect(scans.length).toBeLessThanOrEqual(1 + 5); // the scan, then each record read by its release
      // What the server reads, not only what it returns: FerretDB scans whatever the filter, so this
      // is the shape MongoDB answers from the index's `open: true` range alone (docsExamined = nReturned).
      const [scan] = scans;
      expect(scan!.command['filter']).toMatchObject({ open: true, createdAt: { $lt: expect.any(Date) } });
      expect(Object.fromEntries(scan!.command['sort'] as Map<string, number>)).toEqual({ open: 1, createdAt: 1, _id: 1 });
      const indexes = await db.collection('stock_reservations').listIndexes().toArray();
      expect(indexes.find((i) => i.name === 'open_oldest')?.key).toEqual({ open: 1, createdAt: 1, _id: 1 });
      expect(returned).toBeLessThanOrEqual(5 + 5 * 4 + 2); // the 5 listed; per release its record, level, guards of the intent
      expect(commands.length).toBeLessThanOrEqual(2 + 5 * 10);
      expect((await storage.products.byId(product.id))?.stock).toBe(100);
      commands.length = 0;
      returned = 0;
      expect(await sweep.execute(10 * 60_000)).toBe(0);
      expect(commands.map((c) => c.name)).toEqual(['find']);
      expect(returned).toBe(0);
    } finally {
      await client.close();
    }
  }, 120_000);
});
