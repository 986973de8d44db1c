import { describe, expect, it } from 'vitest';
import type { Orders } from '../../src/application/ports/orders.js';
import { type Fulfillment, initialFulfillment } from '../../src/domain/fulfillment.js';
import type { Order } from '../../src/domain/order.js';
import { MALFORMED_IDS, at, mutable, nextId, orderRecord } from '../support/records.js';

const ids = (orders: readonly Order[]) => orders.map((o) => o.id);
const checkout = (sessionId: string) => ({ sessionId, url: `https://checkout.example/${sessionId}` });

/** What every `Orders` adapter must do. `make` returns an empty repository. */
export function ordersContract(make: () => Promise<Orders>): void {
  describe('Orders contract', () => {
    async function withOrders(orders: Order[]): Promise<Orders> {
      const repo = await make();
      for (const o of orders) await repo.add(o, []);
      return repo;
    }

    it('finds an added order by id, field for field', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      expect(await repo.byId(order.id)).toEqual(order);
      expect(await repo.byId(nextId())).toBeNull();
    });

    it('stores the shipping step: offered options, countries, and (once paid) the option picked and the address', async () => {
      const rate = { optionId: nextId(), name: 'Standard', amount: 495, countries: ['DE', 'FR'], minDays: 2, maxDays: null };
      const other = { ...rate, optionId: nextId(), name: 'Express', amount: 1500, minDays: null };
      const order = orderRecord({
        total: { amount: 4498, currency: 'eur' },
        breakdown: { subtotal: 4498, shipping: null, discount: 0, tax: 0 },
        shipping: { offered: [rate, other], countries: ['DE', 'FR'], chosen: null, address: null },
      });
      const repo = await withOrders([order]);
      expect(await repo.byId(order.id)).toEqual(order);
      const address = { name: 'Ada', line1: 'Rue 1', line2: null, city: 'Paris', postalCode: '75001', state: null, country: 'FR', phone: '+33 1 23' };
      const paid: Order = {
        ...order, status: 'completed', completedAt: at(5), updatedAt: at(5),
        total: { amount: 5998, currency: 'eur' }, breakdown: { subtotal: 4498, shipping: 1500, discount: 0, tax: 0 },
        shipping: { ...order.shipping!, chosen: other, address },
      };
      expect(await repo.transition(order.id, 'pending', paid, [])).toEqual(paid);
      expect(await repo.byId(order.id)).toEqual(paid);
      expect((await repo.listByUser(order.userId, { limit: 1 }))[0]).toEqual(paid);
    });

    const toShip = (overrides: Partial<Order> = {}) =>
      orderRecord({ status: 'completed', completedAt: at(1), updatedAt: at(1), fulfillment: initialFulfillment(true), ...overrides });
    const shippedAs = (order: Order, trackingNumber: string, seconds: number): Order => ({
      ...order, updatedAt: at(seconds),
      fulfillment: { ...order.fulfillment, status: 'shipped', trackingNumber, shippedAt: at(seconds), version: order.fulfillment.version + 1 },
    });

    it('fulfil stores the fulfilment only from the status and version read, and writes nothing else', async () => {
      const order = toShip();
      const repo = await withOrders([order]);
      const shipped = shippedAs(order, 'JD1', 10);
      expect(await repo.fulfil(order.id, { status: 'completed', version: 0 }, { ...shipped, paymentIssue: 'not mine to write' }, [])).toEqual(shipped);
      expect(await repo.byId(order.id)).toEqual(shipped);
      expect(await repo.fulfil(order.id, { status: 'completed', version: 0 }, shippedAs(order, 'JD2', 11), [])).toBeNull();
      expect(await repo.fulfil(order.id, { status: 'refunded', version: 1 }, shippedAs(shipped, 'JD3', 12), [])).toBeNull();
      expect(await repo.fulfil(nextId(), { status: 'completed', version: 0 }, shipped, [])).toBeNull();
      for (const id of MALFORMED_IDS) expect(await repo.fulfil(id, { status: 'completed', version: 0 }, shipped, [])).toBeNull();
      // A later payment move keeps the fulfilment; updatedAt never goes back.
      const refunded = await repo.transition(order.id, 'completed', { ...order, status: 'refunded', updatedAt: at(5) }, []);
      expect(refunded).toEqual({ ...shipped, status: 'refunded' });
    });

    it('of 20 concurrent fulfilment moves from one version, exactly one wins and is what is stored', async () => {
      const order = toShip();
      const repo = await withOrders([order]);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        repo.fulfil(order.id, { status: 'completed', version: 0 }, shippedAs(order, `JD${i}`, 20 + i), [])));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(await repo.byId(order.id)).toEqual(winners[0]);
    });

    it('a fulfilment move and a payment move from one read: never both win, and the later one keeps what the first wrote', async () => {
      for (let round = 0; round < 5; round++) {
        const order = toShip();
        const repo = await withOrders([order]);
        const [fulfilled, refunded] = await Promise.all([
          repo.fulfil(order.id, { status: 'completed', version: 0 }, shippedAs(order, 'JD', 30), []),
          repo.transition(order.id, 'completed', { ...order, status: 'refunded', updatedAt: at(31) }, []),
        ]);
        const stored = (await repo.byId(order.id))!;
        // The refund's condition is the status alone, so it wins whatever the order; the shipment's is the status read.
        expect(refunded).not.toBeNull();
        expect(stored.status).toBe('refunded');
        expect(stored.fulfillment.status).toBe(fulfilled ? 'shipped' : 'unfulfilled');
      }
    });

    it('lists the to-ship queue: completed orders still unfulfilled, oldest first, in stable pages', async () => {
      const [q1, q2a, q2b, q3] = [1, 2, 2, 3].map((s) => toShip({ createdAt: at(s) })) as [Order, Order, Order, Order];
      const shipped = toShip({ createdAt: at(0), fulfillment: { ...initialFulfillment(true), status: 'shipped', version: 1 } as Fulfillment });
      const pending = orderRecord({ createdAt: at(0), fulfillment: initialFulfillment(true) });
      const nothing = orderRecord({ createdAt: at(0), status: 'completed', completedAt: at(1) });
      const refunded = toShip({ createdAt: at(0), status: 'refunded' });
      const repo = await withOrders([q3, shipped, q2b, pending, q1, nothing, refunded, q2a]);
      const wanted = ids([q1, ...[q2a, q2b].sort((a, b) => (a.id < b.id ? -1 : 1)), q3]);
      expect(ids(await repo.toShip({ limit: 10 }))).toEqual(wanted);
      const page1 = await repo.toShip({ limit: 2 });
      const older = toShip({ createdAt: at(0) });
      await repo.add(older, []); // older, arriving meanwhile: not on a later page
      const last = page1.at(-1)!;
      const page2 = await repo.toShip({ limit: 2, after: { createdAt: last.createdAt, id: last.id } });
      expect([...ids(page1), ...ids(page2)]).toEqual(wanted);
      expect(await repo.toShip({ limit: 0 })).toEqual([]);
      await repo.fulfil(older.id, { status: 'completed', version: 0 }, shippedAs(older, 'JD', 9), []);
      expect(ids(await repo.toShip({ limit: 1 }))).toEqual([q1.id]);
    });

    it('returns null, never throws, for malformed ids', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      for (const id of [...MALFORMED_IDS, order.id.toUpperCase()]) {
        expect(await repo.byId(id)).toBeNull();
        expect(await repo.transition(id, 'pending', { ...order, status: 'completed' }, [])).toBeNull();
        expect(await repo.listByUser(id, { limit: 10 })).toEqual([]);
      }
      expect(await repo.byCheckoutSession({ $ne: null } as unknown as string)).toBeNull();
    });

    it('hands out copies: mutating a returned order changes nothing stored', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      const found = await repo.byId(order.id);
      mutable(found!).status = 'completed';
      mutable(found!.items[0]!).quantity = 99;
      mutable(found!.total).amount = 1;
      expect(await repo.byId(order.id)).toEqual(order);
    });

    it("lists one user's orders newest first, ties broken by id, in stable pages", async () => {
      const userId = nextId();
      const mine = [1, 2, 2, 3].map((s) => orderRecord({ userId, createdAt: at(s) }));
      const theirs = orderRecord({ createdAt: at(5) });
      const repo = await withOrders([...mine, theirs]);
      const [o1, o2a, o2b, o3] = mine as [Order, Order, Order, Order];
      expect(ids(await repo.listByUser(userId, { limit: 10 }))).toEqual(ids([o3, o2b, o2a, o1]));

      const page1 = await repo.listByUser(userId, { limit: 2 });
      await repo.add(orderRecord({ userId, createdAt: at(9) }), []);
      const last = page1.at(-1)!;
      const page2 = await repo.listByUser(userId, { limit: 2, after: { createdAt: last.createdAt, id: last.id } });
      expect([ids(page1), ids(page2)]).toEqual([ids([o3, o2b]), ids([o2a, o1])]);
      expect(await repo.listByUser(nextId(), { limit: 10 })).toEqual([]);
    });

    it('transitions from the expected status, and returns null (changing nothing) from any other', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      const completed: Order = { ...order, status: 'completed', completedAt: at(60), updatedAt: at(60) };
      expect(await repo.transition(order.id, 'pending', completed, [])).toEqual(completed);
      expect(await repo.byId(order.id)).toEqual(completed);
      expect(await repo.transition(order.id, 'pending', { ...order, status: 'expired' }, [])).toBeNull();
      expect(await repo.byId(order.id)).toEqual(completed);
      expect(await repo.transition(nextId(), 'pending', completed, [])).toBeNull();
    });

    it('of 20 concurrent transitions out of pending, exactly one wins and is what is stored', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      const attempts = Array.from({ length: 20 }, (_, i): Order => ({
        ...order,
        status: i % 2 ? 'completed' : 'expired',
        updatedAt: at(100 + i),
      }));
      const results = await Promise.all(attempts.map((next) => repo.transition(order.id, 'pending', next, [])));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(await repo.byId(order.id)).toEqual(winners[0]);
    });

    it('a payment issue flagged after the caller read the order survives a later transition', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      const snapshot = (await repo.byId(order.id))!;
      await repo.flagPaymentIssue(order.id, 'Payment of 1.00 EUR does not match.', at(5));
      const expired = await repo.transition(order.id, 'pending', { ...snapshot, status: 'expired', updatedAt: at(6) }, []);
      const expected: Order = { ...order, status: 'expired', paymentIssue: 'Payment of 1.00 EUR does not match.', updatedAt: at(6) };
      expect(expired).toEqual(expected);
      expect(await repo.byId(order.id)).toEqual(expected);
    });

    it('a checkout attached after the caller read the order survives a later transition', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      const snapshot = (await repo.byId(order.id))!;
      await repo.attachCheckout(order.id, checkout('cs_late'), at(5));
      const completed = await repo.transition(order.id, 'pending', { ...snapshot, status: 'completed', completedAt: at(6), updatedAt: at(6) }, []);
      const expected: Order = { ...order, status: 'completed', completedAt: at(6), checkout: checkout('cs_late'), updatedAt: at(6) };
      expect(completed).toEqual(expected);
      expect(await repo.byId(order.id)).toEqual(expected);
      expect((await repo.byCheckoutSession('cs_late'))?.id).toBe(order.id);
    });

    it("records a transition's own payment issue, and never moves updatedAt back", async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      const snapshot = (await repo.byId(order.id))!;
      await repo.attachCheckout(order.id, checkout('cs_1'), at(9));
      const failed = await repo.transition(order.id, 'pending', { ...snapshot, status: 'failed', paymentIssue: 'No checkout.', updatedAt: at(6) }, []);
      const expected: Order = { ...order, status: 'failed', checkout: checkout('cs_1'), paymentIssue: 'No checkout.', updatedAt: at(9) };
      expect(failed).toEqual(expected);
      expect(await repo.byId(order.id)).toEqual(expected);
    });

    it('attaches a checkout and flags a payment issue whatever the status; unknown ids are ignored', async () => {
      const order = orderRecord();
      const repo = await withOrders([order]);
      await repo.transition(order.id, 'pending', { ...order, status: 'completed', completedAt: at(5), updatedAt: at(5) }, []);
      await repo.attachCheckout(order.id, checkout('cs_1'), at(6));
      await repo.flagPaymentIssue(order.id, 'Paid twice.', at(7));
      expect(await repo.byId(order.id)).toEqual({
        ...order,
        status: 'completed',
        completedAt: at(5),
        checkout: checkout('cs_1'),
        paymentIssue: 'Paid twice.',
        updatedAt: at(7),
      });
      await repo.attachCheckout(nextId(), checkout('cs_2'), at(8));
      await repo.flagPaymentIssue('abc', 'x', at(8));
      expect(await repo.byCheckoutSession('cs_2')).toBeNull();
    });

    it('finds an order by checkout session; of several sharing one session id, the newest', async () => {
      const [older, newer, other] = [orderRecord({ createdAt: at(1) }), orderRecord({ createdAt: at(2) }), orderRecord()];
      const repo = await withOrders([newer, older, other]);
      await repo.attachCheckout(older.id, checkout('cs_shared'), at(3));
      await repo.attachCheckout(newer.id, checkout('cs_shared'), at(3));
      await repo.attachCheckout(other.id, checkout('cs_own'), at(3));
      expect((await repo.byCheckoutSession('cs_shared'))?.id).toBe(newer.id);
      expect((await repo.byCheckoutSession('cs_own'))?.id).toBe(other.id);
      expect(await repo.byCheckoutSession('cs_unknown')).toBeNull();
    });

    it('lists pending orders without a checkout created before the cutoff, oldest first, up to the limit', async () => {
      const stale = [3, 1, 2].map((s) => orderRecord({ createdAt: at(s) }));
      const withCheckout = orderRecord({ createdAt: at(1) });
      const ended = orderRecord({ createdAt: at(1), status: 'failed' });
      const atCutoff = orderRecord({ createdAt: at(10) });
      const repo = await withOrders([...stale, withCheckout, ended, atCutoff]);
      await repo.attachCheckout(withCheckout.id, checkout('cs_x'), at(2));
      const [s3, s1, s2] = stale as [Order, Order, Order];
      expect(ids(await repo.pendingWithoutCheckout(at(10), 10))).toEqual(ids([s1, s2, s3]));
      expect(ids(await repo.pendingWithoutCheckout(at(10), 2))).toEqual(ids([s1, s2]));
      expect(await repo.pendingWithoutCheckout(at(1), 10)).toEqual([]);
      expect(await repo.pendingWithoutCheckout(at(10), 0)).toEqual([]);
    });

    it("lists every customer's orders newest first, filtered by status and/or customer, in stable pages", async () => {
      const [ann, bob] = [nextId(), nextId()];
      const a1 = orderRecord({ userId: ann, createdAt: at(1) });
      const b2 = orderRecord({ userId: bob, createdAt: at(2), status: 'completed', completedAt: at(3) });
      const a3 = orderRecord({ userId: ann, createdAt: at(3), status: 'completed', completedAt: at(4) });
      const b3 = orderRecord({ userId: bob, createdAt: at(3), status: 'cancelled' });
      const repo = await withOrders([a1, b2, a3, b3]);
      expect(ids(await repo.list({}, { limit: 10 }))).toEqual(ids([b3, a3, b2, a1]));
      expect(ids(await repo.list({ status: 'completed' }, { limit: 10 }))).toEqual(ids([a3, b2]));
      expect(ids(await repo.list({ userId: ann }, { limit: 10 }))).toEqual(ids([a3, a1]));
      expect(ids(await repo.list({ userId: bob, status: 'cancelled' }, { limit: 10 }))).toEqual(ids([b3]));
      expect(await repo.list({ status: 'refunded' }, { limit: 10 })).toEqual([]);

      const page1 = await repo.list({}, { limit: 2 });
      const last = page1.at(-1)!;
      const page2 = await repo.list({}, { limit: 2, after: { createdAt: last.createdAt, id: last.id } });
      expect([ids(page1), ids(page2)]).toEqual([ids([b3, a3]), ids([b2, a1])]);
      expect(await repo.list({}, { limit: 0 })).toEqual([]);
      expect((await repo.list({ userId: ann }, { limit: 1 }))[0]).toEqual(a3);
      for (const id of [...MALFORMED_IDS, ann.toUpperCase()]) expect(await repo.list({ userId: id }, { limit: 10 })).toEqual([]);
      expect(await repo.list({ status: { $ne: null } as unknown as 'pending' }, { limit: 10 })).toEqual([]);
    });

    it('records the payment id with the completing transition, and finds the order by it', async () => {
      const [order, other] = [orderRecord(), orderRecord()];
      const repo = await withOrders([order, other]);
      const completed: Order = { ...order, status: 'completed', completedAt: at(5), updatedAt: at(5), paymentId: 'pi_123' };
      expect(await repo.transition(order.id, 'pending', completed, [])).toEqual(completed);
      expect(await repo.byPaymentId('pi_123')).toEqual(completed);
      expect(await repo.byPaymentId('pi_unknown')).toBeNull();
      expect(await repo.byPaymentId({ $ne: null } as unknown as string)).toBeNull();
      // A later transition that does not name the payment keeps it.
      const refunded = await repo.transition(order.id, 'completed', { ...completed, paymentId: null, status: 'refunded', updatedAt: at(6) }, []);
      expect(refunded).toMatchObject({ status: 'refunded', paymentId: 'pi_123', completedAt: at(5) });
    });

    it('moves completed → refunded with its refund, once; a refunded order moves no more', async () => {
      const order = orderRecord({ status: 'completed', completedAt: at(5), updatedAt: at(5), paymentId: 'pi_1' });
      const repo = await withOrders([order]);
      const refund = { id: 're_1', status: 'succeeded', restock: true } as const;
      const refunded: Order = { ...order, status: 'refunded', refund, updatedAt: at(6) };
      expect(await repo.transition(order.id, 'completed', refunded, [])).toEqual(refunded);
      expect(await repo.transition(order.id, 'completed', refunded, [])).toBeNull();
      expect(await repo.transition(order.id, 'pending', { ...order, status: 'cancelled' }, [])).toBeNull();
      expect(await repo.byId(order.id)).toEqual(refunded);
    });

    it('of 20 concurrent transitions out of completed, exactly one wins and is what is stored', async () => {
      const order = orderRecord({ status: 'completed', completedAt: at(5), updatedAt: at(5), paymentId: 'pi_1' });
      const repo = await withOrders([order]);
      const attempts = Array.from({ length: 20 }, (_, i): Order => ({
        ...order, status: 'refunded', refund: { id: `re_${i}`, status: 'succeeded', restock: i % 2 === 0 }, updatedAt: at(100 + i),
      }));
      const results = await Promise.all(attempts.map((next) => repo.transition(order.id, 'completed', next, [])));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(await repo.byId(order.id)).toEqual(winners[0]);
    });

    it('records a refund on a completed order only; an unknown id is ignored', async () => {
      const completed = orderRecord({ status: 'completed', completedAt: at(5), updatedAt: at(5), paymentId: 'pi_1' });
      const [pending, refunded] = [orderRecord(), orderRecord({ status: 'refunded', refund: { id: 're_0', status: 'succeeded', restock: false } })];
      const repo = await withOrders([completed, pending, refunded]);
      const refund = { id: 're_1', status: 'pending', restock: true } as const;
      await repo.recordRefund(completed.id, refund, at(7));
      expect(await repo.byId(completed.id)).toEqual({ ...completed, refund, updatedAt: at(7) });
      await repo.recordRefund(pending.id, refund, at(7));
      await repo.recordRefund(refunded.id, { ...refund, status: 'failed' }, at(7));
      expect(await repo.byId(pending.id)).toEqual(pending);
      expect(await repo.byId(refunded.id)).toEqual(refunded);
      await repo.recordRefund(nextId(), refund, at(7));
      await repo.recordRefund('abc', refund, at(7));
    });

    it('lists pending orders with a checkout and no payment issue created before the cutoff, oldest first, up to the limit', async () => {
      const due = [3, 1, 2].map((s) => orderRecord({ createdAt: at(s) }));
      const tie = orderRecord({ createdAt: at(2) });
      const noCheckout = orderRecord({ createdAt: at(1) });
      const flagged = orderRecord({ createdAt: at(1) });
      const ended = orderRecord({ createdAt: at(1), status: 'completed' });
      const atCutoff = orderRecord({ createdAt: at(10) });
      const repo = await withOrders([...due, tie, noCheckout, flagged, ended, atCutoff]);
      for (const o of [...due, tie, flagged, ended, atCutoff]) await repo.attachCheckout(o.id, checkout(`cs_${o.id}`), at(4));
      await repo.flagPaymentIssue(flagged.id, 'Payment of $1.00 does not match order total $2.00.', at(5));
      const [d3, d1, d2] = due as [Order, Order, Order];
      const [first, second] = [d2, tie].sort((a, b) => (a.id < b.id ? -1 : 1)) as [Order, Order];
      const listed = await repo.pendingWithCheckout(at(10), 10);
      expect(ids(listed)).toEqual(ids([d1, first, second, d3]));
      expect(listed[0]).toEqual({ ...d1, checkout: checkout(`cs_${d1.id}`), updatedAt: at(4) });
      expect(ids(await repo.pendingWithCheckout(at(10), 2))).toEqual(ids([d1, first]));
      expect(await repo.pendingWithCheckout(at(1), 10)).toEqual([]);
      expect(await repo.pendingWithCheckout(at(10), 0)).toEqual([]);
    });
  });
}
