import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../../src/adapters/memory/orders.js';
import { MemoryProcessedEvents } from '../../../src/adapters/memory/processed-events.js';
import { MemoryProducts } from '../../../src/adapters/memory/products.js';
import { MemoryStock } from '../../../src/adapters/memory/stock.js';
import { type CheckoutEvent, HandlePaymentEvent, type PaymentEvent } from '../../../src/application/payments/handle-payment-event.js';
import { CompleteRefund } from '../../../src/application/payments/complete-refund.js';
import { FailRefund } from '../../../src/application/payments/fail-refund.js';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import { ExpireCheckout } from '../../../src/application/payments/expire-checkout.js';
import { FailPayment } from '../../../src/application/payments/fail-payment.js';
import type { Clock, Orders } from '../../../src/application/ports/index.js';
import { EventInProgress, StorageUnavailable } from '../../../src/domain/errors.js';
import { type Order, placeOrder } from '../../../src/domain/order.js';
import type { Product } from '../../../src/domain/product.js';
import { movesOf } from '../../support/order-moves.js';

const T0 = new Date('2026-01-10T12:00:00Z');
const ORDER_ID = '65a000000000000000000001';
const SESSION_ID = 'cs_test_order1';

const mug: Product = {
  id: '65a0000000000000000000aa', name: 'Mug', description: '', category: null,
  price: { amount: 1250, currency: 'eur' }, active: true, stock: null, imageUrl: null, shippable: true, createdAt: T0,
};

/** Counts the transitions that actually changed an order, to prove "exactly one state change". */
class CountingOrders extends MemoryOrders {
  changes = 0;
  failNext = 0;
  override async byId(id: string): Promise<Order | null> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new StorageUnavailable('orders down');
    }
    return super.byId(id);
  }
  override async transition(...args: Parameters<Orders['transition']>): Promise<Order | null> {
    const result = await super.transition(...args);
    if (result) this.changes += 1;
    return result;
  }
}

let orders: CountingOrders;
let processed: MemoryProcessedEvents;
let clock: { now: () => Date; at: Date } & Clock;
let handle: HandlePaymentEvent;

async function placedOrder(id = ORDER_ID, sessionId = SESSION_ID): Promise<Order> {
  const order = placeOrder(id, 'user-1', [{ product: mug, productId: mug.id, quantity: 2 }], T0);
  await orders.add(order, []);
  await orders.attachCheckout(id, { sessionId, url: `https://checkout.example/${sessionId}` }, T0);
  return (await orders.byId(id))!;
}

let eventSeq = 0;
function event(kind: CheckoutEvent['kind'], overrides: Partial<CheckoutEvent> = {}): PaymentEvent {
  eventSeq += 1;
  return {
    eventId: `evt_${eventSeq}`,
    kind,
    orderId: ORDER_ID,
    sessionId: SESSION_ID,
    amount: { amount: 2500, currency: 'eur' },
    ...overrides,
  };
}

const stored = async () => (await orders.byId(ORDER_ID))!;

beforeEach(() => {
  orders = new CountingOrders();
  processed = new MemoryProcessedEvents();
  clock = { at: T0, now: () => clock.at };
  handle = new HandlePaymentEvent(
    processed,
    new CompletePayment(orders, movesOf(orders), clock),
    new FailPayment(orders, movesOf(orders), clock, new MemoryStock(new MemoryProducts())),
    new ExpireCheckout(orders, movesOf(orders), clock, new MemoryStock(new MemoryProducts())),
    new CompleteRefund(orders, movesOf(orders), new MemoryStock(new MemoryProducts()), clock),
    new FailRefund(orders, clock),
    clock,
  );
});

describe('HandlePaymentEvent', () => {
  it('completes a pending order on a paid event', async () => {
    await placedOrder();
    expect(await handle.execute(event('paid'))).toBe('processed');
    expect(await stored()).toMatchObject({ status: 'completed', completedAt: T0, paymentIssue: null });
  });

  it('fails a pending order on a failed event', async () => {
    await placedOrder();
    expect(await handle.execute(event('failed'))).toBe('processed');
    expect((await stored()).status).toBe('failed');
  });

  it('expires a pending order on an expired event', async () => {
    await placedOrder();
    expect(await handle.execute(event('expired'))).toBe('processed');
    expect((await stored()).status).toBe('expired');
  });

  it('leaves the order pending while a delayed payment settles', async () => {
    await placedOrder();
    expect(await handle.execute(event('awaiting-payment'))).toBe('awaiting-payment');
    expect((await stored()).status).toBe('pending');
    expect(orders.changes).toBe(0);
  });

  it('completes after awaiting-payment once the async payment succeeds', async () => {
    await placedOrder();
    await handle.execute(event('awaiting-payment', { amount: { amount: 2500, currency: 'eur' } }));
    expect(await handle.execute(event('paid'))).toBe('processed');
    expect((await stored()).status).toBe('completed');
  });

  it('answers duplicate for an event id seen before and changes nothing', async () => {
    await placedOrder();
    const paid = event('paid');
    expect(await handle.execute(paid)).toBe('processed');
    expect(await handle.execute(paid)).toBe('duplicate');
    expect(orders.changes).toBe(1);
  });

  it('changes the order exactly once when one event arrives 10× concurrently', async () => {
    await placedOrder();
    const paid = event('paid');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => handle.execute(paid)));
    const processed = results.filter((r) => r.status === 'fulfilled' && r.value === 'processed');
    const others = results.filter((r) =>
      r.status === 'fulfilled' ? r.value === 'duplicate' : r.reason instanceof EventInProgress);
    expect(processed).toHaveLength(1);
    expect(others).toHaveLength(9);
    expect(orders.changes).toBe(1);
    expect((await stored()).status).toBe('completed');
  });

  it('changes the order once when different events report the same payment concurrently', async () => {
    await placedOrder();
    const results = await Promise.all([event('paid'), event('paid'), event('paid')].map((e) => handle.execute(e)));
    expect(results).toEqual(['processed', 'processed', 'processed']);
    expect(orders.changes).toBe(1);
  });

  it('keeps a completed order completed when expired arrives late', async () => {
    await placedOrder();
    await handle.execute(event('paid'));
    expect(await handle.execute(event('expired'))).toBe('processed');
    expect((await stored()).status).toBe('completed');
    expect(orders.changes).toBe(1);
  });

  it('keeps a completed order completed when async_payment_failed arrives late', async () => {
    await placedOrder();
    await handle.execute(event('paid'));
    expect(await handle.execute(event('failed'))).toBe('processed');
    expect((await stored()).status).toBe('completed');
  });

  it('does not complete on an amount mismatch, records the issue and does not ask for a retry', async () => {
    await placedOrder();
    const underpaid = event('paid', { amount: { amount: 1, currency: 'eur' } });
    expect(await handle.execute(underpaid)).toBe('rejected-mismatch');
    const order = await stored();
    expect(order.status).toBe('pending');
    expect(order.paymentIssue).toMatch(/0\.01 EUR does not match order total 25\.00 EUR/);
    expect(await handle.execute(underpaid)).toBe('duplicate');
  });

  it('does not complete on a currency mismatch', async () => {
    await placedOrder();
    expect(await handle.execute(event('paid', { amount: { amount: 2500, currency: 'usd' } }))).toBe('rejected-mismatch');
    const order = await stored();
    expect(order.status).toBe('pending');
    expect(order.paymentIssue).toMatch(/USD/);
  });

  it('does not complete a paid event that carries no amount', async () => {
    await placedOrder();
    expect(await handle.execute(event('paid', { amount: null }))).toBe('rejected-mismatch');
    expect((await stored()).status).toBe('pending');
  });

  it('records a payment for an order that already expired, without reviving it', async () => {
    await placedOrder();
    await handle.execute(event('expired'));
    expect(await handle.execute(event('paid'))).toBe('rejected-mismatch');
    const order = await stored();
    expect(order.status).toBe('expired');
    expect(order.paymentIssue).toMatch(/expired and can no longer be paid/);
  });

  it('ignores an event for an order we do not have', async () => {
    const unknown = event('paid', { orderId: '65a0000000000000000000ff', sessionId: 'cs_test_other' });
    expect(await handle.execute(unknown)).toBe('ignored-unknown-order');
    expect(await handle.execute(unknown)).toBe('duplicate');
  });

  it('ignores a session of another integration (no metadata, no order with that session)', async () => {
    await placedOrder();
    expect(await handle.execute(event('paid', { orderId: null, sessionId: 'cs_test_foreign' }))).toBe('ignored-foreign');
    expect((await stored()).status).toBe('pending');
  });

  it('finds the order by session id when the metadata is missing', async () => {
    await placedOrder();
    expect(await handle.execute(event('paid', { orderId: null }))).toBe('processed');
    expect((await stored()).status).toBe('completed');
  });

  it('finds the order by metadata when its checkout was never saved (crash between steps)', async () => {
    await orders.add(placeOrder(ORDER_ID, 'user-1', [{ product: mug, productId: mug.id, quantity: 2 }], T0), []);
    expect(await handle.execute(event('paid', { sessionId: 'cs_test_unsaved' }))).toBe('processed');
    expect((await stored()).status).toBe('completed');
  });

  it('releases the claim on a transient failure so the provider retry is processed', async () => {
    await placedOrder();
    const paid = event('paid');
    orders.failNext = 1;
    await expect(handle.execute(paid)).rejects.toBeInstanceOf(StorageUnavailable);
    expect((await stored()).status).toBe('pending');
    expect(await handle.execute(paid)).toBe('processed');
    expect((await stored()).status).toBe('completed');
  });

  it('treats an event claimed by a crashed worker as new once the lease has run out', async () => {
    await placedOrder();
    const paid = event('paid');
    await processed.claim(paid.eventId, T0, 60_000); // claimed, never marked done
    await expect(handle.execute(paid)).rejects.toBeInstanceOf(EventInProgress);
    clock.at = new Date(T0.getTime() + 60_001);
    expect(await handle.execute(paid)).toBe('processed');
  });

  it('asks for a resend while another delivery holds the claim, and answers duplicate once it is done', async () => {
    await placedOrder();
    const paid = event('paid');
    await processed.claim(paid.eventId, T0, 60_000);
    const error = await handle.execute(paid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventInProgress);
    expect(error).toMatchObject({ code: 'EVENT_IN_PROGRESS', eventId: paid.eventId });
    expect(orders.changes).toBe(0);
    await processed.markDone(paid.eventId, T0);
    expect(await handle.execute(paid)).toBe('duplicate');
    expect(orders.changes).toBe(0);
  });

  it('keeps the claim of the delivery in progress when a concurrent one is told to resend', async () => {
    await placedOrder();
    const paid = event('paid');
    await processed.claim(paid.eventId, T0, 60_000);
    await expect(handle.execute(paid)).rejects.toBeInstanceOf(EventInProgress);
    expect(await processed.claim(paid.eventId, T0, 60_000)).toBe('in-flight');
  });
});
