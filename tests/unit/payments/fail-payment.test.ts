import { beforeEach, describe, expect, it } from 'vitest';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import { FailPayment } from '../../../src/application/payments/fail-payment.js';
import { OrderNotFound } from '../../../src/domain/errors.js';
import { money } from '../../../src/domain/money.js';
import type { Order } from '../../../src/domain/order.js';
import { anOrder } from '../../support/builders.js';
import { type Harness, MINUTE, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('FailPayment', () => {
  const SESSION = 'cs_test_outcomes';
  let pending: Order;
  const paidInFull = () => money(pending.total.amount, pending.total.currency);

  beforeEach(async () => {
    pending = await t.saved(anOrder().withCheckout(SESSION).build());
    t.clock.advance(MINUTE);
  });

  it('fail a pending order', async () => {
    const order = await new FailPayment(t.orders, movesOf(t.orders), t.clock, t.stock).execute({ orderId: pending.id, sessionId: SESSION });
    expect(order).toMatchObject({ status: 'failed', updatedAt: t.clock.now() });
    expect((await t.current(pending.id)).status).toBe('failed');
  });

  it('never move a completed order', async () => {
    const completed = await new CompletePayment(t.orders, movesOf(t.orders), t.clock).execute({
      orderId: pending.id,
      sessionId: SESSION,
      paid: paidInFull(),
    });
    t.clock.advance(MINUTE);

    expect(await new FailPayment(t.orders, movesOf(t.orders), t.clock, t.stock).execute({ orderId: pending.id, sessionId: SESSION })).toEqual(
      completed,
    );
    expect(await t.current(pending.id)).toEqual(completed);
    expect(t.orders.changes).toBe(1);
  });

  it('report an unknown order as not found', async () => {
    await expect(new FailPayment(t.orders, movesOf(t.orders), t.clock, t.stock).execute({ orderId: null, sessionId: 'cs_nope' })).rejects.toThrow(
      OrderNotFound,
    );
  });
});
