import { describe, expect, it } from 'vitest';
import type { Products } from '../../src/application/ports/products.js';
import type { Stock } from '../../src/application/ports/stock.js';
import type { StockReservations } from '../../src/application/ports/stock-reservations.js';
import { OutOfStock } from '../../src/domain/errors.js';
import { at, nextId, productRecord } from '../support/records.js';

export type StockStorage = { products: Products; stock: Stock; stockReservations: StockReservations };

/** What every `Stock` adapter (with the `Products` of the same storage) must do. `make` starts empty. */
export function stockContract(make: () => Promise<StockStorage>): void {
  describe('Stock contract', () => {
    async function withStock(...levels: (number | null)[]) {
      const storage = await make();
      const ids: string[] = [];
      for (const stock of levels) {
        const product = productRecord({ stock });
        await storage.products.add(product);
        ids.push(product.id);
      }
      const stockOf = async (id: string) => (await storage.products.byId(id))?.stock;
      return { ...storage, ids, stockOf };
    }
    const outOfStock = async (work: Promise<unknown>) => {
      const error = await work.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(OutOfStock);
      return error as OutOfStock;
    };

    it('takes the units of every line, and gives them back once', async () => {
      const { stock, ids, stockOf } = await withStock(5, 3);
      const [a, b] = ids as [string, string];
      const order = nextId();
      await stock.reserve(order, [{ productId: a, quantity: 2 }, { productId: b, quantity: 3 }], at(1));
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 0]);
      expect(await stock.release(order, at(2))).toBe(true);
      expect([await stockOf(a), await stockOf(b)]).toEqual([5, 3]);
      expect(await stock.release(order, at(3))).toBe(false);
      expect([await stockOf(a), await stockOf(b)]).toEqual([5, 3]);
    });

    it('holds nothing for untracked or unknown products, and has nothing to give back', async () => {
      const { stock, ids, stockOf } = await withStock(null);
      const order = nextId();
      await stock.reserve(order, [{ productId: ids[0]!, quantity: 1_000 }, { productId: nextId(), quantity: 2 }], at(1));
      expect(await stockOf(ids[0]!)).toBeNull();
      expect(await stock.release(order, at(2))).toBe(false);
      expect(await stock.release(nextId(), at(2))).toBe(false);
    });

    it('reserves all lines or none: a short line names its product and what is available', async () => {
      const { stock, ids, stockOf } = await withStock(5, 1, null);
      const [a, b, c] = ids as [string, string, string];
      const order = nextId();
      const error = await outOfStock(
        stock.reserve(order, [{ productId: c, quantity: 9 }, { productId: a, quantity: 2 }, { productId: b, quantity: 2 }], at(1)),
      );
      expect([error.productId, error.available]).toEqual([b, 1]);
      expect([await stockOf(a), await stockOf(b), await stockOf(c)]).toEqual([5, 1, null]);
      expect(await stock.release(order, at(2))).toBe(false);
      await stock.reserve(order, [{ productId: a, quantity: 5 }, { productId: b, quantity: 1 }], at(3));
      expect([await stockOf(a), await stockOf(b)]).toEqual([0, 0]);
    });

    it('counts repeated lines of one product together', async () => {
      const { stock, ids, stockOf } = await withStock(3);
      const line = { productId: ids[0]!, quantity: 2 };
      const error = await outOfStock(stock.reserve(nextId(), [line, line], at(1)));
      expect([error.productId, error.available]).toEqual([ids[0], 3]);
      expect(await stockOf(ids[0]!)).toBe(3);
    });

    it('of 100 concurrent reservations of 1 on a stock of 10, exactly 10 succeed; releasing them restores 10', async () => {
      const { stock, ids, stockOf } = await withStock(10);
      const orders = Array.from({ length: 100 }, () => nextId());
      const results = await Promise.allSettled(
        orders.map((order) => stock.reserve(order, [{ productId: ids[0]!, quantity: 1 }], at(1))),
      );
      const won = orders.filter((_, i) => results[i]!.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof OutOfStock);
      expect([won.length, refused.length]).toEqual([10, 90]);
      expect(await stockOf(ids[0]!)).toBe(0);
      const released = await Promise.all(won.map((order) => stock.release(order, at(2))));
      expect(released.every(Boolean)).toBe(true);
      expect(await stockOf(ids[0]!)).toBe(10);
    }, 120_000);

    it("with the caller's read of the stock (`available`), takes what there is now and never more, however old the read", async () => {
      const { stock, ids, stockOf } = await withStock(10, 4);
      const [a, b] = ids as [string, string];
      const first = nextId();
      await stock.reserve(first, [{ productId: a, quantity: 3, available: 10 }, { productId: b, quantity: 1, available: 4 }], at(1));
      expect([await stockOf(a), await stockOf(b)]).toEqual([7, 3]);
      // 20 callers that all read 10 units: 7 are left, so exactly 7 get one.
      const orders = Array.from({ length: 20 }, () => nextId());
      const results = await Promise.allSettled(orders.map((order) => stock.reserve(order, [{ productId: a, quantity: 1, available: 10 }], at(2))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(7);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof OutOfStock)).toHaveLength(13);
      expect(await stockOf(a)).toBe(0);
      expect(await stock.release(first, at(3))).toBe(true);
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 4]);
    }, 60_000);

    it('of 20 concurrent releases of one reservation, exactly one gives it back', async () => {
      const { stock, ids, stockOf } = await withStock(4, 2);
      const order = nextId();
      await stock.reserve(order, [{ productId: ids[0]!, quantity: 3 }, { productId: ids[1]!, quantity: 2 }], at(1));
      const results = await Promise.all(Array.from({ length: 20 }, () => stock.release(order, at(2))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect([await stockOf(ids[0]!), await stockOf(ids[1]!)]).toEqual([4, 2]);
    }, 60_000);

    it('setStock sets the units available now; reservations already made stay made', async () => {
      const { products, stock, ids, stockOf } = await withStock(10, null);
      const order = nextId();
      await stock.reserve(order, [{ productId: ids[0]!, quantity: 3 }], at(1));
      expect((await products.setStock(ids[0]!, 5, at(2)))?.stock).toBe(5);
      expect(await stock.release(order, at(3))).toBe(true);
      expect(await stockOf(ids[0]!)).toBe(8);
      expect((await products.setStock(ids[1]!, 2, at(4)))?.stock).toBe(2);
      await outOfStock(stock.reserve(nextId(), [{ productId: ids[1]!, quantity: 3 }], at(5)));
      expect((await products.setStock(ids[0]!, null, at(6)))?.stock).toBeNull();
      expect(await products.setStock(nextId(), 1, at(7))).toBeNull();
    });

    it('a release after the product stopped being tracked gives back nothing and leaves it untracked', async () => {
      const { products, stock, ids, stockOf } = await withStock(2);
      const order = nextId();
      await stock.reserve(order, [{ productId: ids[0]!, quantity: 2 }], at(1));
      await products.setStock(ids[0]!, null, at(2));
      expect(await stock.release(order, at(3))).toBe(true);
      expect(await stockOf(ids[0]!)).toBeNull();
    });

    it('lists unsettled reservations made before a cutoff, oldest first, in pages; settled and released ones drop out', async () => {
      const { stock, stockReservations: book, ids } = await withStock(100, null);
      const [o1, o2, o3, o4, untracked] = [nextId(), nextId(), nextId(), nextId(), nextId()];
      await stock.reserve(o3, [{ productId: ids[0]!, quantity: 1 }], at(5));
      await stock.reserve(o1, [{ productId: ids[0]!, quantity: 1 }], at(1));
      await stock.reserve(o2, [{ productId: ids[0]!, quantity: 1 }], at(5));
      await stock.reserve(o4, [{ productId: ids[0]!, quantity: 1 }], at(9));
      await stock.reserve(untracked, [{ productId: ids[1]!, quantity: 1 }], at(1));
      const keys = (list: { orderId: string }[]) => list.map((r) => r.orderId);
      const tie = [o2, o3].sort();
      expect(keys(await book.unsettled(at(9), 10))).toEqual([o1, ...tie]);
      const page1 = await book.unsettled(at(9), 2);
      expect(page1).toEqual([{ orderId: o1, createdAt: at(1) }, { orderId: tie[0], createdAt: at(5) }]);
      expect(keys(await book.unsettled(at(9), 2, page1.at(-1)))).toEqual([tie[1]]);
      await book.settle(o1, at(9));
      expect(await stock.release(o2, at(10))).toBe(true);
      expect(keys(await book.unsettled(at(10), 10))).toEqual([o3, o4]);
      expect(await stock.release(o1, at(11))).toBe(true); // a settled reservation can still be given back
      await book.settle(nextId(), at(11)); // unknown: nothing happens
      expect(await book.unsettled(at(10), 0)).toEqual([]);
    });

    it('setStock racing reservations and releases loses none of their changes', async () => {
      const { products, stock, ids, stockOf } = await withStock(100);
      const held = Array.from({ length: 10 }, () => nextId());
      for (const order of held) await stock.reserve(order, [{ productId: ids[0]!, quantity: 1 }], at(1));
      // 90 left. Concurrently: 10 releases (+10) and 10 new reservations (-10) around a set to 50.
      const fresh = Array.from({ length: 10 }, () => nextId());
      await Promise.all([
        ...held.map((o) => stock.release(o, at(2))),
        ...fresh.map((o) => stock.reserve(o, [{ productId: ids[0]!, quantity: 1 }], at(2))),
        products.setStock(ids[0]!, 50, at(2)),
      ]);
      const final = (await stockOf(ids[0]!))!;
      // Whatever the order, the result is 50 plus the net of the changes applied after the set.
      expect(final).toBeGreaterThanOrEqual(40);
      expect(final).toBeLessThanOrEqual(60);
      for (const o of fresh) await stock.release(o, at(3));
      expect(await stockOf(ids[0]!)).toBe(final + 10);
    }, 60_000);
  });
}
