import { describe, expect, it } from 'vitest';
import { ReconcilePayments } from '../../src/application/payments/reconcile-payments.js';
import { exitCodeOf } from '../../src/boot/reconcile-report.js';
import { testApp } from '../support/app.js';
import { fixedClock } from '../support/builders.js';
import { STRIPE_MOCK_URL, STRIPE_TEST_ENV } from '../support/stripe-mock.js';

describe.skipIf(!STRIPE_MOCK_URL)('reconciliation against stripe-mock', () => {
  it('retrieves each due session once and leaves an open, unpaid session pending (stripe-mock answers a fixture)', async () => {
    const clock = fixedClock(new Date());
    const t = await testApp({ clock }, { ...STRIPE_TEST_ENV, STRIPE_API_URL: STRIPE_MOCK_URL!, RECONCILE_AFTER: '30m' });
    const { token } = await t.register();
    const product = await t.createProduct(await t.adminToken(), { unitAmount: 1999 });
    const order = (await t.placeOrder(token, { productId: product.id, quantity: 1 })).body.order;
    expect((await t.storage.orders.byId(order.id))!.checkout!.sessionId).toMatch(/^cs_/);
    const reconcile = t.container.resolve(ReconcilePayments);
    const options = { olderThanMs: t.config.jobs.reconcileAfterMs, limit: t.config.jobs.reconcileLimit };

    const young = await reconcile.execute(options);
    expect(young.asked).toBe(0);

    clock.advance(31 * 60_000);
    const due = await reconcile.execute(options);
    expect(due).toMatchObject({ asked: 1, counts: { unchanged: 1, error: 0 } });
    expect(exitCodeOf(due)).toBe(0);
    expect((await t.storage.orders.byId(order.id))!).toMatchObject({ status: 'pending', paymentIssue: null });
  });
});
