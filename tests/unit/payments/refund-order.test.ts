import { beforeEach, describe, expect, it } from 'vitest';
import { CompleteRefund } from '../../../src/application/payments/complete-refund.js';
import { FailRefund } from '../../../src/application/payments/fail-refund.js';
import { RefundOrder } from '../../../src/application/payments/refund-order.js';
import type { Actor } from '../../../src/application/shared/actor.js';
import { Forbidden, OrderNotRefundable, RefundFailed } from '../../../src/domain/errors.js';
import { aUser, anOrder } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

const admin = aUser().admin().withEmail('boss@example.com').build();
const ann = aUser().withEmail('ann@example.com').build();
const asAdmin: Actor = { userId: admin.id, role: 'admin' };
const asAnn: Actor = { userId: ann.id, role: 'customer' };

let t: Harness;
beforeEach(async () => {
  t = harness();
  for (const u of [admin, ann]) await t.users.add(u);
});

const refundOrder = () =>
  new RefundOrder(t.users, t.orders, t.payments, new CompleteRefund(t.orders, movesOf(t.orders), t.stock, t.clock), new FailRefund(t.orders, t.clock), t.clock);

describe('RefundOrder', () => {
  it('refunds once: a second request is refused before reaching the provider', async () => {
    const order = anOrder().forUser(ann.id).paid().build();
    await t.orders.add(order, []);
    expect(await refundOrder().execute(asAdmin, order.id, { restock: false })).toMatchObject({ status: 'refunded' });
    await expect(refundOrder().execute(asAdmin, order.id, { restock: false })).rejects.toBeInstanceOf(OrderNotRefundable);
    expect(t.payments.refunded).toHaveLength(1);
  });

  it('refuses customers, and orders that are not completed, without asking the provider', async () => {
    const paid = anOrder().forUser(ann.id).paid().build();
    const pending = anOrder().forUser(ann.id).build();
    await t.orders.add(paid, []);
    await t.orders.add(pending, []);
    await expect(refundOrder().execute(asAnn, paid.id, { restock: false })).rejects.toBeInstanceOf(Forbidden);
    await expect(refundOrder().execute(asAdmin, pending.id, { restock: false })).rejects.toBeInstanceOf(OrderNotRefundable);
    expect(t.payments.refunded).toEqual([]);
  });

  it('records a failed refund on the completed order and throws RefundFailed', async () => {
    const order = anOrder().forUser(ann.id).paid().build();
    await t.orders.add(order, []);
    t.payments.onRefund({ outcome: 'failed', failureReason: 'insufficient_funds' });
    await expect(refundOrder().execute(asAdmin, order.id, { restock: true })).rejects.toBeInstanceOf(RefundFailed);
    expect(await t.orders.byId(order.id)).toMatchObject({
      status: 'completed', refund: { status: 'failed', restock: true }, paymentIssue: expect.stringContaining('insufficient_funds'),
    });
  });
});
