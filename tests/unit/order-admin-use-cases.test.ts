import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { MemoryUsers } from '../../src/adapters/memory/users.js';
import type { Actor } from '../../src/application/shared/actor.js';
import { CancelOrder } from '../../src/application/orders/cancel-order.js';
import { CompletePayment } from '../../src/application/payments/complete-payment.js';
import { CompleteRefund } from '../../src/application/payments/complete-refund.js';
import { FailRefund } from '../../src/application/payments/fail-refund.js';
import { GetAnyOrder } from '../../src/application/orders/get-any-order.js';
import { ListAllOrders } from '../../src/application/orders/list-all-orders.js';
import { RefundOrder } from '../../src/application/payments/refund-order.js';
import type { User } from '../../src/domain/user.js';
import { Forbidden, OrderNotCancellable, OrderNotFound, OrderNotRefundable, PaymentProviderFailed, RefundFailed } from '../../src/domain/errors.js';
import { type FakePayments, T0, aProduct, aUser, anOrder, fakePayments, fixedClock } from '../support/builders.js';

/** Counts round trips, to prove the listing looks its customers up once per page, not once per order. */
class CountingUsers extends MemoryUsers {
  calls = { byId: 0, byIds: 0 };
  override async byId(id: string): Promise<User | null> {
    this.calls.byId += 1;
    return super.byId(id);
  }
  override async byIds(ids: readonly string[]): Promise<User[]> {
    this.calls.byIds += 1;
    return super.byIds(ids);
  }
}

let users: CountingUsers;
let orders: MemoryOrders;
let products: MemoryProducts;
let stock: MemoryStock;
let payments: FakePayments;
const clock = fixedClock();
const admin = aUser().admin().withEmail('boss@example.com').build();
const ann = aUser().withEmail('ann@example.com').build();
const bob = aUser().withEmail('bob@example.com').build();
const asAdmin: Actor = { userId: admin.id, role: 'admin' };
const asAnn: Actor = { userId: ann.id, role: 'customer' };

beforeEach(async () => {
  users = new CountingUsers();
  orders = new MemoryOrders();
  products = new MemoryProducts();
  stock = new MemoryStock(products);
  payments = fakePayments();
  for (const u of [admin, ann, bob]) await users.add(u);
});

const cancelOrder = () => new CancelOrder(orders, payments, stock, new CompletePayment(orders, clock), clock);
const refundOrder = () =>
  new RefundOrder(users, orders, payments, new CompleteRefund(orders, stock, clock), new FailRefund(orders, clock), clock);

describe('ListAllOrders', () => {
  it('attaches every customer with one user lookup per page, however many orders it holds', async () => {
    for (let i = 0; i < 12; i += 1) {
      await orders.add(anOrder().forUser(i % 3 === 0 ? bob.id : ann.id).createdAt(new Date(T0.getTime() + i * 1000)).build());
    }
    const page = await new ListAllOrders(users, orders).execute(asAdmin, {}, { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).not.toBeNull();
    expect(users.calls).toEqual({ byId: 1, byIds: 1 }); // the admin check, then the customers
    expect(new Set(page.items.map((i) => i.customer.email))).toEqual(new Set([ann.email, bob.email]));
    for (const { order, customer } of page.items) expect(customer.id).toBe(order.userId);
  });

  it('refuses customers (Forbidden), checked against the stored account', async () => {
    await expect(new ListAllOrders(users, orders).execute(asAnn, {}, { limit: 10 })).rejects.toBeInstanceOf(Forbidden);
    await expect(new ListAllOrders(users, orders).execute({ userId: ann.id, role: 'admin' }, {}, { limit: 10 })).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('GetAnyOrder', () => {
  it("finds anyone's order, and reports a missing one as OrderNotFound", async () => {
    const order = anOrder().forUser(bob.id).build();
    await orders.add(order);
    expect(await new GetAnyOrder(users, orders).execute(asAdmin, order.id)).toEqual({ order, customer: { id: bob.id, email: bob.email } });
    await expect(new GetAnyOrder(users, orders).execute(asAdmin, '65f0000000000000000000ff')).rejects.toBeInstanceOf(OrderNotFound);
  });
});

describe('CancelOrder', () => {
  it('closes the checkout first, then cancels and gives the stock back', async () => {
    const mug = aProduct().build();
    await products.add({ ...mug, stock: 5 });
    const order = anOrder().forUser(ann.id).of(mug, 2).withCheckout('cs_1').build();
    await orders.add(order);
    await stock.reserve(order.id, order.items, T0);
    expect((await products.byId(mug.id))!.stock).toBe(3);
    const cancelled = await cancelOrder().execute(asAnn, order.id);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect(payments.cancelled).toEqual(['cs_1']);
    expect((await products.byId(mug.id))!.stock).toBe(5);
  });

  it('changes nothing when the provider refuses to close the checkout', async () => {
    const order = anOrder().forUser(ann.id).withCheckout('cs_1').build();
    await orders.add(order);
    payments.onCancel(new PaymentProviderFailed('no'));
    await expect(cancelOrder().execute(asAnn, order.id)).rejects.toBeInstanceOf(PaymentProviderFailed);
    expect(await orders.byId(order.id)).toEqual(order);
  });

  it("reports someone else's order as missing, and an ended one as not cancellable without asking the provider", async () => {
    const theirs = anOrder().forUser(bob.id).build();
    const paid = anOrder().forUser(ann.id).withCheckout('cs_paid').paid().build();
    await orders.add(theirs);
    await orders.add(paid);
    await expect(cancelOrder().execute(asAnn, theirs.id)).rejects.toBeInstanceOf(OrderNotFound);
    await expect(cancelOrder().execute(asAnn, paid.id)).rejects.toBeInstanceOf(OrderNotCancellable);
    expect(payments.cancelled).toEqual([]);
  });
});

describe('RefundOrder', () => {
  it('refunds once: a second request is refused before reaching the provider', async () => {
    const order = anOrder().forUser(ann.id).paid().build();
    await orders.add(order);
    expect(await refundOrder().execute(asAdmin, order.id, { restock: false })).toMatchObject({ status: 'refunded' });
    await expect(refundOrder().execute(asAdmin, order.id, { restock: false })).rejects.toBeInstanceOf(OrderNotRefundable);
    expect(payments.refunded).toHaveLength(1);
  });

  it('refuses customers, and orders that are not completed, without asking the provider', async () => {
    const paid = anOrder().forUser(ann.id).paid().build();
    const pending = anOrder().forUser(ann.id).build();
    await orders.add(paid);
    await orders.add(pending);
    await expect(refundOrder().execute(asAnn, paid.id, { restock: false })).rejects.toBeInstanceOf(Forbidden);
    await expect(refundOrder().execute(asAdmin, pending.id, { restock: false })).rejects.toBeInstanceOf(OrderNotRefundable);
    expect(payments.refunded).toEqual([]);
  });

  it('records a failed refund on the completed order and throws RefundFailed', async () => {
    const order = anOrder().forUser(ann.id).paid().build();
    await orders.add(order);
    payments.onRefund({ outcome: 'failed', failureReason: 'insufficient_funds' });
    await expect(refundOrder().execute(asAdmin, order.id, { restock: true })).rejects.toBeInstanceOf(RefundFailed);
    expect(await orders.byId(order.id)).toMatchObject({
      status: 'completed', refund: { status: 'failed', restock: true }, paymentIssue: expect.stringContaining('insufficient_funds'),
    });
  });
});
