import { beforeEach, describe, expect, it } from 'vitest';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import { ConfirmCheckout } from '../../../src/application/payments/confirm-checkout.js';
import { ExpireCheckout } from '../../../src/application/payments/expire-checkout.js';
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

describe('ConfirmCheckout', () => {
  const SESSION = 'cs_test_outcomes';
  let pending: Order;
  const paidInFull = () => money(pending.total.amount, pending.total.currency);

  beforeEach(async () => {
    pending = await t.saved(anOrder().withCheckout(SESSION).build());
    t.clock.advance(MINUTE);
  });

  const confirm = () =>
    new ConfirmCheckout(t.orders, t.payments, new CompletePayment(t.orders, movesOf(t.orders), t.clock), new ExpireCheckout(t.orders, movesOf(t.orders), t.clock, t.stock));

  it('completes the order when the provider reports it paid', async () => {
    t.payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'paid', amount: paidInFull() });
    const order = await confirm().execute(SESSION);
    expect(order).toMatchObject({ id: pending.id, status: 'completed', completedAt: t.clock.now() });
    expect(t.payments.retrieved).toEqual([SESSION]);
  });

  it('expires the order when the provider reports the session expired', async () => {
    t.payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'expired', amount: null });
    expect((await confirm().execute(SESSION)).status).toBe('expired');
  });

  it('just returns the order when the provider has nothing to report', async () => {
    const order = await confirm().execute(SESSION);
    expect(order).toEqual(pending);
    expect(t.orders.changes).toBe(0);
  });

  it('leaves the order pending while the provider reports it unpaid', async () => {
    t.payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'unpaid', amount: null });
    expect((await confirm().execute(SESSION)).status).toBe('pending');
  });

  it('does not complete a paid report without an amount', async () => {
    t.payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'paid', amount: null });
    expect((await confirm().execute(SESSION)).status).toBe('pending');
  });

  it('returns the order, still pending and flagged, when the paid amount does not match', async () => {
    t.payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'paid', amount: money(1, 'eur') });
    const order = await confirm().execute(SESSION);
    expect(order).toMatchObject({ status: 'pending', paymentIssue: expect.stringMatching(/does not match/) });
  });

  it('reports an unknown session as not found', async () => {
    await expect(confirm().execute('cs_unknown')).rejects.toThrow(OrderNotFound);
  });
});
