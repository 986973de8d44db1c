import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../../../src/adapters/memory/outbox.js';
import { Notify } from '../../../src/application/messages/notify.js';
import { type OrderMessageSettings, OrderMessages } from '../../../src/application/messages/order-messages.js';
import { type OrderEvent, orderMoved } from '../../../src/domain/order-events.js';
import type { Order } from '../../../src/domain/order.js';
import { T0, aProduct, aUser, anOrder } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

const OWNER = 'owner@shop.test';
const webhook = { kind: 'provider', id: 'webhook' } as const;

let t: Harness;
let outbox: MemoryOutbox;
let nudges: number;
const handler = (settings: Partial<OrderMessageSettings> = {}) =>
  new OrderMessages(t.orders, t.users, t.products, new Notify(outbox, t.ids, t.clock, { nudge: () => { nudges += 1; } }), {
    ownerEmail: OWNER, lowStockThreshold: 3, ...settings,
  });

beforeEach(() => {
  t = harness();
  outbox = new MemoryOutbox();
  nudges = 0;
});

/** A stored order moved from pending to `next`'s status, and that move's event. */
async function moved(build: (o: ReturnType<typeof anOrder>) => ReturnType<typeof anOrder>, userId: string): Promise<[Order, OrderEvent]> {
  const order = build(anOrder().forUser(userId)).build();
  await t.orders.add(order, []);
  const before = { ...order, status: order.status === 'refunded' ? 'completed' as const : 'pending' as const };
  return [order, orderMoved(before, order, webhook)];
}

const all = () => outbox.list(null, { limit: 100 });

describe('OrderMessages', () => {
  it('records the confirmation for the customer and the new paid order for the owner, under the event id', async () => {
    const customer = await t.stored(aUser().named('Ada').withEmail('ada@example.com').build());
    const [order, event] = await moved((o) => o.paid(T0), customer.id);
    await handler().handle(event);

    const records = await all();
    expect(records.map((r) => [r.kind, r.to, r.subject, r.version]).sort()).toEqual([
      ['new-paid-order', OWNER, order.id, event.id],
      ['order-confirmation', 'ada@example.com', order.id, event.id],
    ]);
    const confirmation = records.find((r) => r.kind === 'order-confirmation')!;
    expect(confirmation.data).toEqual({ orderId: order.id, customerName: 'Ada', lines: [{ name: 'Mug', quantity: 2, unitAmount: 1250 }], total: { amount: 2500, currency: 'eur' } });
    expect(records.find((r) => r.kind === 'new-paid-order')!.data).toMatchObject({ customerEmail: 'ada@example.com' });
    expect(nudges).toBe(2);
  });

  it('records nothing new when the same event is handled again', async () => {
    const customer = await t.stored(aUser().build());
    const [, event] = await moved((o) => o.paid(T0), customer.id);
    await handler().handle(event);
    await handler().handle(event);
    expect(await all()).toHaveLength(2);
    expect(nudges).toBe(2);
  });

  it('records the refund notice for a refunded order', async () => {
    const customer = await t.stored(aUser().withEmail('bo@example.com').build());
    const [order, event] = await moved((o) => o.refunded(), customer.id);
    await handler().handle(event);
    expect((await all()).map((r) => [r.kind, r.to, r.version])).toEqual([['order-refunded', 'bo@example.com', event.id]]);
    expect((await all())[0]!.data).toMatchObject({ refunded: order.total });
  });

  it('tells the customer a shipped order is on its way, with the tracking, unless the admin asked not to notify', async () => {
    const customer = await t.stored(aUser().withEmail('cy@example.com').build());
    const [order, paid] = await moved((o) => o.paid(T0), customer.id);
    const shipped = (notifyCustomer: boolean, n: number): OrderEvent => ({
      ...paid, id: `${order.id}.shipped${n}`, type: 'shipped', from: 'completed', to: 'completed', actor: { kind: 'admin', id: 'a1' },
      fulfillment: { from: 'unfulfilled', to: 'shipped', carrier: 'UPS', trackingNumber: '1Z9', trackingUrl: 'https://ups.example/1Z9', notifyCustomer },
    });
    await handler().handle(shipped(false, 1));
    expect(await all()).toEqual([]);
    await handler().handle(shipped(true, 2));
    await handler().handle(shipped(true, 2));
    const records = await all();
    expect(records.map((r) => [r.kind, r.to, r.version])).toEqual([['order-shipped', 'cy@example.com', `${order.id}.shipped2`]]);
    expect(records[0]!.data).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z9', trackingUrl: 'https://ups.example/1Z9' });
  });

  it('ignores every other move', async () => {
    const customer = await t.stored(aUser().build());
    for (const build of [(o: ReturnType<typeof anOrder>) => o.failed(), (o: ReturnType<typeof anOrder>) => o.expired(), (o: ReturnType<typeof anOrder>) => o.cancelled()]) {
      const [, event] = await moved(build, customer.id);
      await handler().handle(event);
    }
    const placed = anOrder().forUser(customer.id).build();
    await t.orders.add(placed, []);
    await handler().handle(orderMoved(null, placed, { kind: 'customer', id: customer.id }));
    expect(await all()).toEqual([]);
  });

  it('tells the owner alone when the account is gone, and nobody when no owner is known', async () => {
    const [, event] = await moved((o) => o.paid(T0), 'f'.repeat(24));
    await handler().handle(event);
    expect((await all()).map((r) => r.kind)).toEqual(['new-paid-order']);
    const customer = await t.stored(aUser().build());
    const [, other] = await moved((o) => o.paid(T0), customer.id);
    outbox = new MemoryOutbox();
    await handler({ ownerEmail: null }).handle(other);
    expect((await all()).map((r) => r.kind)).toEqual(['order-confirmation']);
  });

  it('alerts the owner to a product at or under the threshold, once per product and day', async () => {
    const customer = await t.stored(aUser().build());
    const low = { ...aProduct().named('Kettle').build(), stock: 3 };
    const plenty = { ...aProduct().build(), stock: 4 };
    const untracked = { ...aProduct().build(), stock: null };
    await t.inCatalogue(low, plenty, untracked);
    const lines = [low, plenty, untracked].map((p) => ({ productId: p.id, name: p.name, unitAmount: 100, quantity: 1 }));
    const [, first] = await moved((o) => o.withItems(lines).paid(T0), customer.id);
    const [, second] = await moved((o) => o.withItems(lines).paid(T0), customer.id);
    await handler().handle(first);
    await handler().handle(second);
    const alerts = (await all()).filter((r) => r.kind === 'low-stock');
    expect(alerts.map((r) => [r.subject, r.version, r.data])).toEqual([
      [low.id, first.at.toISOString().slice(0, 10), { productId: low.id, productName: 'Kettle', stock: 3 }],
    ]);
    outbox = new MemoryOutbox();
    await handler({ lowStockThreshold: 0 }).handle(first);
    expect((await all()).filter((r) => r.kind === 'low-stock')).toEqual([]);
  });
});
