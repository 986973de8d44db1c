import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../../../src/adapters/memory/outbox.js';
import { Notify, dropNotifications } from '../../../src/application/messages/notify.js';
import { OwnerAlerts } from '../../../src/application/messages/owner-alerts.js';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import { money } from '../../../src/domain/money.js';
import { anOrder } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
let outbox: MemoryOutbox;
const notify = () => new Notify(outbox, t.ids, t.clock, { nudge: () => undefined });

beforeEach(() => {
  t = harness();
  outbox = new MemoryOutbox();
});

describe('OwnerAlerts', () => {
  it('records a payment issue for the owner once per issue, before the order is flagged', async () => {
    const order = await t.saved(anOrder().withCheckout('cs_1').build());
    let flaggedAfter = -1;
    const flag = t.orders.flagPaymentIssue.bind(t.orders);
    t.orders.flagPaymentIssue = async (...args) => { flaggedAfter = (await outbox.list(null, { limit: 10 })).length; return flag(...args); };
    const complete = new CompletePayment(t.orders, movesOf(t.orders), t.clock, new OwnerAlerts(notify(), 'owner@shop.test'));
    const report = { orderId: order.id, sessionId: 'cs_1', paid: money(1, 'eur') };

    await expect(complete.execute(report)).rejects.toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH' });
    await expect(complete.execute(report)).rejects.toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH' });
    const records = await outbox.list(null, { limit: 10 });
    expect(records.map((r) => [r.kind, r.to, r.subject])).toEqual([['payment-issue', 'owner@shop.test', order.id]]);
    expect(records[0]!.data).toEqual({ orderId: order.id, issue: (await t.current(order.id)).paymentIssue });
    expect(flaggedAfter).toBe(1);
  });

  it('records nothing without an owner address, or when messages are dropped', async () => {
    await new OwnerAlerts(notify(), null).paymentIssue('f'.repeat(24), 'x');
    await new OwnerAlerts(dropNotifications, 'owner@shop.test').paymentIssue('f'.repeat(24), 'x');
    expect(await outbox.list(null, { limit: 10 })).toEqual([]);
  });
});
