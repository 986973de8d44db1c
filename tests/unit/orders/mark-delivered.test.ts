import { beforeEach, describe, expect, it } from 'vitest';
import { ListOrdersToShip } from '../../../src/application/orders/list-orders-to-ship.js';
import { MarkDelivered } from '../../../src/application/orders/mark-delivered.js';
import { ShipOrder } from '../../../src/application/orders/ship-order.js';
import { Forbidden, OrderNotFulfillable } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { T0, anAddress, anOrder, aUser } from '../../support/builders.js';
import { type Harness, MINUTE, actorOf, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
let admin: User;
beforeEach(async () => {
  t = harness();
  admin = await t.stored(aUser().withEmail('admin@example.com').admin().build());
});

describe('MarkDelivered', () => {
  it('delivers a shipped order once (one delivered event), and refuses one not shipped', async () => {
    const order = await t.saved(anOrder().toBeShipped(anAddress()).paid().build());
    const deliver = new MarkDelivered(t.users, t.orders, movesOf(t.orders), t.clock);
    await expect(deliver.execute(actorOf(admin), order.id)).rejects.toBeInstanceOf(OrderNotFulfillable);
    await new ShipOrder(t.users, t.orders, movesOf(t.orders), t.clock).execute(actorOf(admin), order.id, {});
    t.clock.advance(MINUTE);
    const delivered = await deliver.execute(actorOf(admin), order.id);
    expect(delivered.order.fulfillment).toMatchObject({ status: 'delivered', deliveredAt: t.clock.now() });
    t.clock.advance(MINUTE);
    expect(await deliver.execute(actorOf(admin), order.id)).toEqual(delivered);
    expect((await t.orders.events.history(order.id)).map((e) => e.id)).toEqual([`${order.id}.shipped`, `${order.id}.delivered`]);
    await expect(deliver.execute(actorOf(await t.stored(aUser().build())), order.id)).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('ListOrdersToShip', () => {
  it('lists paid orders that still need shipping, oldest first, in pages, with their customers', async () => {
    const at = (m: number) => new Date(T0.getTime() + m * MINUTE);
    const customer = await t.stored(aUser().build());
    const [old, mid, recent] = [1, 2, 3].map((m) => anOrder().forUser(customer.id).toBeShipped(anAddress()).createdAt(at(m)).paid(at(m)).build());
    const pending = anOrder().toBeShipped().createdAt(at(0)).build();
    const nothingToShip = anOrder().createdAt(at(0)).paid(at(0)).build();
    for (const o of [recent!, pending, old!, nothingToShip, mid!]) await t.saved(o);
    await new ShipOrder(t.users, t.orders, movesOf(t.orders), t.clock).execute(actorOf(admin), mid!.id, {});

    const list = new ListOrdersToShip(t.users, t.orders);
    const first = await list.execute(actorOf(admin), { limit: 1 });
    expect(first.items.map((i) => i.order.id)).toEqual([old!.id]);
    expect(first.items[0]!.customer).toEqual({ id: customer.id, email: customer.email });
    const second = await list.execute(actorOf(admin), { limit: 5, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.order.id)).toEqual([recent!.id]);
    expect(second.nextCursor).toBeNull();
    await expect(list.execute(actorOf(customer), { limit: 5 })).rejects.toBeInstanceOf(Forbidden);
  });
});
