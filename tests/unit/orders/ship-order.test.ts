import { beforeEach, describe, expect, it } from 'vitest';
import { FULFILMENT_ATTEMPTS, ShipOrder } from '../../../src/application/orders/ship-order.js';
import type { Orders } from '../../../src/application/ports/index.js';
import { Forbidden, OrderNotFound, OrderNotFulfillable } from '../../../src/domain/errors.js';
import type { Order } from '../../../src/domain/order.js';
import type { User } from '../../../src/domain/user.js';
import { anAddress, anOrder, aUser } from '../../support/builders.js';
import { type Harness, MINUTE, actorOf, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
let admin: User;
let order: Order;
const shipOrder = (orders: Orders = t.orders) => new ShipOrder(t.users, orders, movesOf(orders), t.clock);
const history = (id: string) => t.orders.events.history(id);

beforeEach(async () => {
  t = harness();
  admin = await t.stored(aUser().withEmail('admin@example.com').admin().build());
  order = await t.saved(anOrder().toBeShipped(anAddress()).paid().build());
  t.clock.advance(MINUTE);
});

describe('ShipOrder', () => {
  it('ships the order and stores a shipped event naming the admin, with the tracking and notifyCustomer', async () => {
    const shipped = await shipOrder().execute(actorOf(admin), order.id, { carrier: 'DHL', trackingNumber: 'JD1' }, false);
    expect(shipped.order).toMatchObject({ status: 'completed', fulfillment: { status: 'shipped', carrier: 'DHL', trackingNumber: 'JD1', shippedAt: t.clock.now() } });
    expect(shipped.customer).toEqual({ id: order.userId, email: null });
    expect(await t.current(order.id)).toEqual(shipped.order);
    expect(await history(order.id)).toEqual([expect.objectContaining({
      id: `${order.id}.shipped`, type: 'shipped', actor: { kind: 'admin', id: admin.id },
      fulfillment: { from: 'unfulfilled', to: 'shipped', carrier: 'DHL', trackingNumber: 'JD1', trackingUrl: null, notifyCustomer: false },
    })]);
  });

  it('the same request again answers the same order and stores no second event; other tracking stores one tracking update', async () => {
    const first = await shipOrder().execute(actorOf(admin), order.id, { trackingNumber: 'JD1' });
    t.clock.advance(MINUTE);
    expect(await shipOrder().execute(actorOf(admin), order.id, { trackingNumber: 'JD1' })).toEqual(first);
    const updated = await shipOrder().execute(actorOf(admin), order.id, { trackingNumber: 'JD2' });
    expect(updated.order.fulfillment).toMatchObject({ trackingNumber: 'JD2', shippedAt: first.order.fulfillment.shippedAt });
    expect((await history(order.id)).map((e) => e.id)).toEqual([`${order.id}.shipped`, `${order.id}.tracking-updated.2`]);
  });

  it('of two admins racing, one ships; the other gets that shipment back, or updates its tracking with other details', async () => {
    const [a, b] = await Promise.all([
      shipOrder().execute(actorOf(admin), order.id, { trackingNumber: 'JD1' }),
      shipOrder().execute(actorOf(admin), order.id, { trackingNumber: 'JD1' }),
    ]);
    expect(a).toEqual(b);
    expect((await history(order.id)).map((e) => e.type)).toEqual(['shipped']);
  });

  it('decides again when another move won first, and gives up after a bounded number of tries', async () => {
    let lost = 0;
    const losing = Object.create(t.orders) as Orders;
    losing.fulfil = async (...args) => {
      if (lost++ === 0) {
        await t.orders.fulfil(args[0], args[1], { ...args[2], fulfillment: { ...args[2].fulfillment, trackingNumber: 'THEIRS' } }, []);
        return null;
      }
      return t.orders.fulfil(...args);
    };
    const result = await shipOrder(losing).execute(actorOf(admin), order.id, { trackingNumber: 'MINE' });
    expect(result.order.fulfillment).toMatchObject({ trackingNumber: 'MINE', version: 2 });

    const always = Object.create(t.orders) as Orders;
    always.fulfil = async () => null;
    const other = await t.saved(anOrder().toBeShipped().paid().build());
    await expect(shipOrder(always).execute(actorOf(admin), other.id, {})).rejects.toBeInstanceOf(OrderNotFulfillable);
    expect(FULFILMENT_ATTEMPTS).toBeGreaterThan(1);
  });

  it('refuses an order that is not paid or has nothing to ship (409), an unknown order (404), a customer (403)', async () => {
    for (const other of [anOrder().toBeShipped().build(), anOrder().paid().build(), anOrder().toBeShipped().refunded().build()]) {
      await t.saved(other);
      await expect(shipOrder().execute(actorOf(admin), other.id, {})).rejects.toBeInstanceOf(OrderNotFulfillable);
    }
    await expect(shipOrder().execute(actorOf(admin), 'f'.repeat(24), {})).rejects.toBeInstanceOf(OrderNotFound);
    await expect(shipOrder().execute(actorOf(await t.stored(aUser().build())), order.id, {})).rejects.toBeInstanceOf(Forbidden);
    expect(await history(order.id)).toEqual([]);
  });

  it('never changes the payment status: a shipped order can still be refunded afterwards', async () => {
    await shipOrder().execute(actorOf(admin), order.id, {});
    const stored = await t.current(order.id);
    const refunded = await t.orders.transition(order.id, 'completed', { ...stored, status: 'refunded' }, []);
    expect(refunded).toMatchObject({ status: 'refunded', fulfillment: { status: 'shipped' } });
  });
});
