import { describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { ReleaseStrandedStock } from '../../src/application/upkeep/release-stranded-stock.js';
import { StorageUnavailable } from '../../src/domain/errors.js';
import type { Order } from '../../src/domain/order.js';
import { at, nextId, orderRecord, productRecord } from '../support/records.js';
import type { StockStorage } from './stock.contract.js';

/**
 * Makes the n-th write (counted from `arm`) of the adapter under test fail: `before` it reaches
 * storage (nothing changed), or `after` it applied (the reply is lost). What counts as a write is
 * the adapter's storage boundary: each write command on MongoDB; each call in memory, where a
 * reservation or a release changes everything in one step.
 */
export type Faults = {
  arm(nth: number, mode: 'before' | 'after'): void;
  disarm(): void;
  /** Whether the armed fault was hit since `arm`. */
  fired(): boolean;
};

export type FaultyStockStorage = StockStorage & { faults: Faults };

const SWEEP_AFTER_MS = 10 * 60_000;
/** Far more than any reserve or release makes: the loop stops at the first run the fault misses. */
const MAX_POINTS = 40;

/**
 * The accounting that must hold after the sweep, whichever write of `reserve` or `release` failed:
 * available = what the shop set − the units of orders that hold stock. `make` starts empty.
 */
export function stockFaultContract(make: () => Promise<FaultyStockStorage>): void {
  describe('Stock contract: a failure before or after any write', () => {
    async function setUp() {
      const storage = await make();
      const [a, b] = [productRecord({ stock: 10 }), productRecord({ stock: 5 })];
      await storage.products.add(a);
      await storage.products.add(b);
      const orders = new MemoryOrders();
      let now = at(1);
      const sweep = async () => {
        now = new Date(now.getTime() + SWEEP_AFTER_MS + 60_000);
        return new ReleaseStrandedStock(orders, storage.stock, storage.stockReservations, { now: () => now })
          .execute(SWEEP_AFTER_MS);
      };
      const levels = async () => [(await storage.products.byId(a.id))?.stock, (await storage.products.byId(b.id))?.stock];
      const saved: string[] = [];
      const save = (order: Partial<Order>) => {
        saved.push(order.id!);
        return orders.add(orderRecord(order), []);
      };
      const refunded = async () => (await Promise.all(saved.map((id) => orders.byId(id)))).filter((o) => o?.status === 'refunded').map((o) => o!.id);
      return { ...storage, a: a.id, b: b.id, orders, sweep, levels, save, refunded, now: () => now };
    }

    async function each(
      name: string,
      scenario: (s: Awaited<ReturnType<typeof setUp>>, inject: () => void) => Promise<void>,
      /** `first`: the failed write was the call's first, `before` it applied (the call left no trace). */
      check: (s: Awaited<ReturnType<typeof setUp>>, first: boolean) => Promise<void>,
    ) {
      const seen: string[] = [];
      for (const mode of ['before', 'after'] as const) {
        for (let nth = 0; ; nth++) {
          expect(nth, `${name}: more write points than expected`).toBeLessThan(MAX_POINTS);
          const s = await setUp();
          const error = await scenario(s, () => s.faults.arm(nth, mode)).then(() => null, (e: unknown) => e);
          const fired = s.faults.fired();
          s.faults.disarm();
          if (!fired) {
            expect(error, `${name}: no fault, no error`).toBeNull();
            break;
          }
          // A failing write reaches the caller as the storage being unavailable, never as anything else.
          expect(error, `${name}, write ${nth} failing ${mode}`).toBeInstanceOf(StorageUnavailable);
          await s.sweep();
          await check(s, nth === 0 && mode === 'before').catch((e: Error) => {
            e.message = `${name}, write ${nth} failing ${mode}: ${e.message}`;
            throw e;
          });
          seen.push(`${mode} ${nth}`);
        }
      }
      expect(seen.length, `${name}: no write point was reached`).toBeGreaterThan(0);
      console.info(`${name}: ${seen.length} injections (${seen.join(", ")})`);
    }

    const settledAway = async (s: Awaited<ReturnType<typeof setUp>>) => {
      // The sweep is done with it: a second run finds nothing open and changes nothing.
      expect(await s.stockReservations.unsettled(s.now(), 10)).toEqual([]);
      const before = await s.levels();
      expect(await s.sweep()).toBe(0);
      expect(await s.levels()).toEqual(before);
    };

    it('a reservation cut short holds nothing once the sweep has run (its order was never saved)', async () => {
      await each(
        'reserve',
        async (s, inject) => {
          inject();
          await s.stock.reserve(nextId(), [{ productId: s.a, quantity: 2, available: 10 }, { productId: s.b, quantity: 1, available: 5 }], at(1));
        },
        async (s) => {
          expect(await s.levels()).toEqual([10, 5]);
          await settledAway(s);
        },
      );
    }, 120_000);

    it('a reservation refused at its second line, cut short while giving the first back, holds nothing once the sweep has run', async () => {
      await each(
        'refused reserve',
        async (s, inject) => {
          inject();
          // The caller read 10 of b: the change itself refuses (5 left), after a's units were taken.
          const error = await s.stock.reserve(nextId(), [{ productId: s.a, quantity: 2, available: 10 }, { productId: s.b, quantity: 6, available: 10 }], at(1))
            .then(() => null, (e: unknown) => e);
          if (error instanceof StorageUnavailable) throw error;
          expect(error).toMatchObject({ code: 'OUT_OF_STOCK' });
        },
        async (s) => {
          expect(await s.levels()).toEqual([10, 5]);
          await settledAway(s);
        },
      );
    }, 120_000);

    it('a release cut short (the order was cancelled) is finished by the sweep: every unit back, once', async () => {
      await each(
        'release',
        async (s, inject) => {
          const order = nextId();
          await s.stock.reserve(order, [{ productId: s.a, quantity: 2 }, { productId: s.b, quantity: 1 }], at(1));
          await s.save({ id: order, status: 'cancelled' });
          inject();
          await s.stock.release(order, at(2));
        },
        async (s) => {
          expect(await s.levels()).toEqual([10, 5]);
          await settledAway(s);
        },
      );
    }, 120_000);

    // The reservation was settled long ago (its order completed), so a release that failed before
    // its first write left no trace in stock: the caller's retry is what repairs it (Stripe
    // redelivers the refund's webhook until it is answered 2xx, and `CompleteRefund` releases
    // again). From the first write on, the sweep finishes it alone.
    it('a restocking refund whose release is cut short, long after the reservation was settled, gives every unit back once the sweep and the retry have run', async () => {
      await each(
        'release after settle',
        async (s, inject) => {
          const order = nextId();
          await s.stock.reserve(order, [{ productId: s.a, quantity: 2 }, { productId: s.b, quantity: 1 }], at(1));
          await s.save({ id: order, status: 'completed' });
          await s.sweep(); // settles it: a completed order keeps its stock
          expect(await s.levels()).toEqual([8, 4]);
          await s.orders.transition(order, 'completed', { ...(await s.orders.byId(order))!, status: 'refunded', refund: { id: 're_1', status: 'succeeded', restock: true } }, []);
          inject();
          await s.stock.release(order, s.now());
        },
        async (s, first) => {
          if (!first) expect(await s.levels()).toEqual([10, 5]);
          for (const id of await s.refunded()) await s.stock.release(id, s.now());
          expect(await s.levels()).toEqual([10, 5]);
          await settledAway(s);
        },
      );
    }, 120_000);

    it('a completed order keeps its units through the sweep; a pending one is left alone', async () => {
      const s = await setUp();
      const [done, waiting] = [nextId(), nextId()];
      await s.stock.reserve(done, [{ productId: s.a, quantity: 2 }], at(1));
      await s.stock.reserve(waiting, [{ productId: s.b, quantity: 1 }], at(1));
      await s.save({ id: done, status: 'completed' });
      await s.save({ id: waiting, status: 'pending' });
      expect(await s.sweep()).toBe(0);
      expect(await s.levels()).toEqual([8, 4]);
      expect((await s.stockReservations.unsettled(s.now(), 10)).map((r) => r.orderId)).toEqual([waiting]);
    });
  });
}
