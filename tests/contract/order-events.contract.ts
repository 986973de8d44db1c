import { describe, expect, it } from 'vitest';
import type { OrderEvents } from '../../src/application/ports/order-events.js';
import type { Orders } from '../../src/application/ports/orders.js';
import { initialFulfillment } from '../../src/domain/fulfillment.js';
import { deliver, ship } from '../../src/domain/order-fulfillment.js';
import { type EventActor, fulfillmentMoved, orderMoved } from '../../src/domain/order-events.js';
import type { Order } from '../../src/domain/order.js';
import { MALFORMED_IDS, orderRecord, at, nextId } from '../support/records.js';

const customer = (order: Order): EventActor => ({ kind: 'customer', id: order.userId });
const job: EventActor = { kind: 'job', id: 'test' };

export type OrderEventsSubject = Readonly<{ orders: Orders; events: OrderEvents }>;

/** What every storage's `OrderEvents` must do, with the `Orders` that records them. */
export function orderEventsContract(make: () => Promise<OrderEventsSubject>): void {
  describe('OrderEvents contract', () => {
    async function placed(s: OrderEventsSubject, overrides: Partial<Order> = {}): Promise<Order> {
      const order = orderRecord(overrides);
      await s.orders.add(order, [orderMoved(null, order, customer(order))]);
      return order;
    }

    const paid = (order: Order, seconds = 10): Order =>
      ({ ...order, status: 'completed', completedAt: at(seconds), updatedAt: at(seconds), paymentId: 'pi_1' });

    it('keeps the events of a placement pending, with who caused it, until settled; the history keeps them after', async () => {
      const s = await make();
      const order = await placed(s);
      const [move, ...rest] = await s.events.pending({ limit: 10 });
      expect(rest).toEqual([]);
      expect(move!.handled).toEqual([]);
      expect(move!.events).toEqual([
        { id: `${order.id}.placed`, type: 'placed', orderId: order.id, from: null, to: 'pending', at: order.updatedAt, actor: { kind: 'customer', id: order.userId } },
      ]);
      await s.events.settle(move!, at(20));
      await s.events.settle(move!, at(21)); // idempotent
      expect(await s.events.pending({ limit: 10 })).toEqual([]);
      expect(await s.events.history(order.id)).toEqual(move!.events);
    });

    it('stores the events of a move that won, and nothing for one that lost', async () => {
      const s = await make();
      const order = await placed(s);
      const won = await s.orders.transition(order.id, 'pending', paid(order), [orderMoved(order, paid(order), job)]);
      expect(won?.status).toBe('completed');
      const expired = { ...order, status: 'expired' as const, updatedAt: at(11) };
      expect(await s.orders.transition(order.id, 'pending', expired, [orderMoved(order, expired, job)])).toBeNull();
      const types = (await s.events.pending({ limit: 10 })).flatMap((m) => m.events.map((e) => e.type));
      expect(types).toEqual(['placed', 'paid']);
      expect((await s.events.history(order.id)).map((e) => [e.type, e.from, e.to, e.actor.kind])).toEqual([
        ['placed', null, 'pending', 'customer'],
        ['paid', 'pending', 'completed', 'job'],
      ]);
    });

    it('stores fulfilment moves with what they changed, a tracking update with its version in the id, in the history in order', async () => {
      const s = await make();
      const order = await placed(s, { status: 'completed', completedAt: at(1), fulfillment: initialFulfillment(true) });
      const admin: EventActor = { kind: 'admin', id: nextId() };
      const shipped = ship(order, { carrier: 'DHL', trackingNumber: 'JD1' }, at(10));
      expect(await s.orders.fulfil(order.id, { status: 'completed', version: 0 }, shipped, [fulfillmentMoved(order, shipped, admin, false)])).toEqual(shipped);
      const updated = ship(shipped, { trackingUrl: 'https://track.example/JD1' }, at(11));
      await s.orders.fulfil(order.id, { status: 'completed', version: 1 }, updated, [fulfillmentMoved(shipped, updated, admin, true)]);
      const delivered = deliver(updated, at(12));
      await s.orders.fulfil(order.id, { status: 'completed', version: 2 }, delivered, [fulfillmentMoved(updated, delivered, admin, true)]);
      const history = await s.events.history(order.id);
      // Stored as completed already, so its placement reads as `paid`.
      expect(history.map((e) => e.id)).toEqual([`${order.id}.paid`, `${order.id}.shipped`, `${order.id}.tracking-updated.2`, `${order.id}.delivered`]);
      expect(history[1]).toEqual({
        id: `${order.id}.shipped`, type: 'shipped', orderId: order.id, from: 'completed', to: 'completed', at: at(10), actor: admin,
        fulfillment: { from: 'unfulfilled', to: 'shipped', carrier: 'DHL', trackingNumber: 'JD1', trackingUrl: null, notifyCustomer: false },
      });
      const pending = await s.events.pending({ limit: 10 });
      expect(pending.flatMap((m) => m.events.map((e) => e.type))).toEqual(['paid', 'shipped', 'tracking-updated', 'delivered']);
    });

    it('of 10 concurrent moves from one status, stores the events of exactly one', async () => {
      const s = await make();
      const order = await placed(s);
      const tries = (['completed', 'failed', 'expired', 'cancelled', 'completed', 'failed', 'expired', 'cancelled', 'completed', 'failed'] as const)
        .map((status, i) => ({ ...order, status, updatedAt: at(10 + i) }));
      const results = await Promise.all(tries.map((next) => s.orders.transition(order.id, 'pending', next, [orderMoved(order, next, job)])));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      const moves = (await s.events.pending({ limit: 20 })).flatMap((m) => m.events).filter((e) => e.type !== 'placed');
      expect(moves.map((e) => e.to)).toEqual([winners[0]!.status]);
    });

    it('marks handlers per event, idempotently', async () => {
      const s = await make();
      await placed(s);
      const [move] = await s.events.pending({ limit: 10 });
      const eventId = move!.events[0]!.id;
      await s.events.markHandled(move!.key, eventId, 'metrics');
      await s.events.markHandled(move!.key, eventId, 'metrics');
      await s.events.markHandled(move!.key, eventId, 'email');
      const [again] = await s.events.pending({ limit: 10 });
      expect([...again!.handled].sort()).toEqual([`${eventId} email`, `${eventId} metrics`]);
    });

    it('lists pending moves oldest first, at most `limit`, only before an instant or of given orders', async () => {
      const s = await make();
      const a = await placed(s, { createdAt: at(1), updatedAt: at(1) });
      const b = await placed(s, { createdAt: at(2), updatedAt: at(2) });
      const c = await placed(s, { createdAt: at(3), updatedAt: at(3) });
      const orderIds = async (q: Parameters<OrderEvents['pending']>[0]) =>
        (await s.events.pending(q)).map((m) => m.events[0]!.orderId);
      expect(await orderIds({ limit: 10 })).toEqual([a.id, b.id, c.id]);
      expect(await orderIds({ limit: 2 })).toEqual([a.id, b.id]);
      expect(await orderIds({ limit: 10, before: at(3) })).toEqual([a.id, b.id]);
      expect(await orderIds({ limit: 10, orderIds: [c.id, a.id] })).toEqual([a.id, c.id]);
      expect(await orderIds({ limit: 10, orderIds: [nextId()] })).toEqual([]);
      expect(await orderIds({ limit: 0 })).toEqual([]);
    });

    it("has an empty history for an order it doesn't know, and never throws for a malformed id", async () => {
      const s = await make();
      await placed(s);
      expect(await s.events.history(nextId())).toEqual([]);
      for (const id of MALFORMED_IDS) expect(await s.events.history(id)).toEqual([]);
    });
  });
}
