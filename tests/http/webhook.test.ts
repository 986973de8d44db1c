import Stripe from 'stripe';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CompletePayment } from '../../src/application/payments/complete-payment.js';
import { ExpireCheckout } from '../../src/application/payments/expire-checkout.js';
import { FailPayment } from '../../src/application/payments/fail-payment.js';
import type { CheckoutReport, PaymentGateway } from '../../src/application/ports/payment-gateway.js';
import { StorageUnavailable } from '../../src/domain/errors.js';
import { type TestApp, testApp } from '../support/app.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

const SECRET = STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET;
const stripe = new Stripe('sk_test_123');
let sessionCounter = 0;

/** Hands out Stripe-like session ids and reports what the test says Stripe would. */
function scriptedStripe() {
  const reports = new Map<string, CheckoutReport>();
  const gateway: PaymentGateway = {
    name: 'stripe',
    async startCheckout() {
      const sessionId = `cs_test_${++sessionCounter}`;
      return { sessionId, url: `https://checkout.stripe.test/c/pay/${sessionId}` };
    },
    retrieveCheckout: async (id) => reports.get(id) ?? null,
    ...hostedCheckout, ...noCancelOrRefund,
  };
  return { gateway, reports };
}

let t: TestApp;
let stripeDouble: ReturnType<typeof scriptedStripe>;
let customer: { token: string };
let productId: string;
/** The app's clock: it stands still unless a test moves it, so a second write shows in `updatedAt`. */
let now: number;
const advanceClock = (ms: number) => { now += ms; };

beforeEach(async () => {
  stripeDouble = scriptedStripe();
  now = Date.now();
  t = await testApp({ payments: stripeDouble.gateway, clock: { now: () => new Date(now) } }, STRIPE_TEST_ENV);
  customer = await t.register();
  productId = (await t.createProduct(await t.adminToken(), { unitAmount: 2500, currency: 'eur' })).id;
});

const newOrder = async () => (await t.placeOrder(customer.token, { productId, quantity: 2 })).body.order as { id: string; checkoutUrl: string };
const sessionOf = (order: { checkoutUrl: string }) => order.checkoutUrl.split('/').pop()!;
const getOrder = async (id: string) =>
  (await t.http.get(`/api/orders/${id}`).set('Authorization', `Bearer ${customer.token}`).expect(200)).body;

let eventCounter = 0;
function event(type: string, order: { id: string; checkoutUrl: string } | null, session: Record<string, unknown> = {}) {
  return {
    id: `evt_${++eventCounter}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: order ? sessionOf(order) : 'cs_foreign',
        object: 'checkout.session',
        metadata: order ? { orderId: order.id } : {},
        client_reference_id: order?.id ?? null,
        amount_total: 5000,
        currency: 'eur',
        payment_status: 'paid',
        status: 'complete',
        ...session,
      },
    },
  };
}

function deliver(payload: unknown, options: { raw?: string; secret?: string; timestamp?: number; header?: string | null } = {}) {
  const raw = options.raw ?? JSON.stringify(payload, null, 2);
  const header = options.header === undefined
    ? stripe.webhooks.generateTestHeaderString({ payload: raw, secret: options.secret ?? SECRET, ...(options.timestamp && { timestamp: options.timestamp }) })
    : options.header;
  const req = t.http.post('/api/webhook').set('Content-Type', 'application/json');
  return (header === null ? req : req.set('Stripe-Signature', header)).send(raw);
}

/** Counts every time a payment event reaches the order use cases (dedupe happens before them). */
function useCaseCalls() {
  const spies = [
    vi.spyOn(t.container.resolve(CompletePayment), 'execute'),
    vi.spyOn(t.container.resolve(FailPayment), 'execute'),
    vi.spyOn(t.container.resolve(ExpireCheckout), 'execute'),
  ];
  return () => spies.reduce((calls, spy) => calls + spy.mock.calls.length, 0);
}

/** A barrier for `n` parties: `arrive()` resolves once all `n` have arrived, and fails loudly if they never do. */
function barrier(n: number, what: string) {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve, reject) => {
    open = resolve;
    setTimeout(() => reject(new Error(`only ${arrived} of ${n} ${what}`)), 10_000).unref();
  });
  return { all, arrive: () => { if (++arrived === n) open(); return all; } };
}

/**
 * Makes `n` deliveries of an event overlap for real, whatever the scheduling: no claim reaches the
 * store before all `n` deliveries have asked for one, and the winner cannot mark the event done
 * before every claim has been answered (so each loser finds it in flight, not done).
 */
function overlapClaims(n: number) {
  const events = t.storage.processedEvents;
  const claim = events.claim.bind(events);
  const markDone = events.markDone.bind(events);
  const asked = barrier(n, 'deliveries asked for a claim');
  const answered = barrier(n, 'claims were answered');
  events.claim = async (...args) => {
    await asked.arrive();
    try { return await claim(...args); } finally { void answered.arrive(); }
  };
  events.markDone = async (...args) => { await answered.all; return markDone(...args); };
  return { restore: () => { events.claim = claim; events.markDone = markDone; } };
}

describe('POST /api/webhook', () => {
  it('completes the order on checkout.session.completed (paid), and never applies a resent event again', async () => {
    const order = await newOrder();
    expect(order.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const applied = useCaseCalls();
    const paid = event('checkout.session.completed', order);
    expect((await deliver(paid)).status).toBe(200);
    const completed = await getOrder(order.id);
    expect(completed).toMatchObject({ status: 'completed' });
    expect(applied()).toBe(1);
    advanceClock(1_000);
    expect((await deliver(paid)).status).toBe(200);
    expect(await getOrder(order.id)).toEqual(completed);
    expect(applied()).toBe(1);
  });

  it('acknowledges resent events without applying them again, even where a second run would change the order', async () => {
    const order = await newOrder();
    const expired = event('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid' });
    const paid = event('checkout.session.completed', order);
    await deliver(expired).expect(200);
    // Paid after it expired: recorded on the order for a refund. Applying it again would record it again.
    await deliver(paid).expect(200);
    const before = await getOrder(order.id);
    expect(before).toMatchObject({ status: 'expired', paymentIssue: `Order ${order.id} is expired and can no longer be paid.` });
    const applied = useCaseCalls();
    advanceClock(60_000);
    await deliver(paid).expect(200);
    await deliver(expired).expect(200);
    expect(await getOrder(order.id)).toEqual(before);
    expect(applied()).toBe(0);
  });

  it('applies one event delivered 10 times at once exactly once: one holds the claim, the others get 409 to resend', async () => {
    const order = await newOrder();
    const paid = event('checkout.session.completed', order);
    const orders = t.storage.orders;
    const transition = orders.transition.bind(orders);
    let changes = 0;
    orders.transition = async (...args) => {
      const result = await transition(...args);
      if (result) changes += 1;
      return result;
    };
    const applied = useCaseCalls();
    const overlap = overlapClaims(10);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(paid)));
    overlap.restore();
    orders.transition = transition;
    // Every delivery was in flight while the winner processed: the nine others get 409, so Stripe resends them later.
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    for (const res of results.filter((r) => r.status === 409)) expect(res.body.code).toBe('EVENT_IN_PROGRESS');
    expect(applied()).toBe(1);
    expect(changes).toBe(1);
    const after = await getOrder(order.id);
    expect(after.status).toBe('completed');
    expect(after.completedAt).toEqual(new Date(now).toISOString());
    expect((await deliver(paid)).status).toBe(200);
    expect(applied()).toBe(1);
    expect(changes).toBe(1);
  });

  it('keeps an unpaid (delayed) completion pending until async_payment_succeeded', async () => {
    const order = await newOrder();
    await deliver(event('checkout.session.completed', order, { payment_status: 'unpaid' })).expect(200);
    expect((await getOrder(order.id)).status).toBe('pending');
    await deliver(event('checkout.session.async_payment_succeeded', order)).expect(200);
    expect((await getOrder(order.id)).status).toBe('completed');
  });

  it('fails the order on async_payment_failed and expires it on checkout.session.expired', async () => {
    const failed = await newOrder();
    await deliver(event('checkout.session.async_payment_failed', failed, { payment_status: 'unpaid' })).expect(200);
    expect((await getOrder(failed.id)).status).toBe('failed');
    const expired = await newOrder();
    await deliver(event('checkout.session.expired', expired, { status: 'expired', payment_status: 'unpaid' })).expect(200);
    expect((await getOrder(expired.id)).status).toBe('expired');
  });

  it('never moves a completed order backwards on late expired or failed events', async () => {
    const order = await newOrder();
    await deliver(event('checkout.session.completed', order)).expect(200);
    await deliver(event('checkout.session.expired', order, { status: 'expired' })).expect(200);
    await deliver(event('checkout.session.async_payment_failed', order)).expect(200);
    expect((await getOrder(order.id)).status).toBe('completed');
  });

  it.each([
    ['amount', { amount_total: 1 }],
    ['currency', { currency: 'usd' }],
  ])('does not complete on a %s mismatch, and shows the issue on the order', async (_, session) => {
    const order = await newOrder();
    expect((await deliver(event('checkout.session.completed', order, session))).status).toBe(200);
    const after = await getOrder(order.id);
    expect(after.status).toBe('pending');
    expect(after.paymentIssue).toMatch(/does not match/);
  });

  it('records a second payment through another checkout on a completed order, for a refund', async () => {
    const order = await newOrder();
    await deliver(event('checkout.session.completed', order)).expect(200);
    const again = event('checkout.session.completed', order, { id: 'cs_test_another_session' });
    expect((await deliver(again)).status).toBe(200);
    const after = await getOrder(order.id);
    expect(after.status).toBe('completed');
    expect(after.paymentIssue).toMatch(/cs_test_another_session paid it again/);
  });

  it('records a payment reported without an amount instead of completing the order', async () => {
    const order = await newOrder();
    expect((await deliver(event('checkout.session.completed', order, { amount_total: null }))).status).toBe(200);
    const after = await getOrder(order.id);
    expect(after.status).toBe('pending');
    expect(after.paymentIssue).toMatch(/without an amount/);
  });

  it('stores the figures Stripe confirmed: a promotion-code discount and tax are accepted and add up', async () => {
    const order = await newOrder();
    const before = await getOrder(order.id);
    expect(before).toMatchObject({ subtotalAmount: 5000, shippingAmount: 0, discountAmount: 0, taxAmount: 0, totalAmount: 5000 });
    const paid = event('checkout.session.completed', order, {
      amount_subtotal: 5000, amount_total: 4600, total_details: { amount_shipping: 0, amount_discount: 500, amount_tax: 100 },
    });
    expect((await deliver(paid)).status).toBe(200);
    expect(await getOrder(order.id)).toMatchObject({
      status: 'completed', subtotalAmount: 5000, shippingAmount: 0, discountAmount: 500, taxAmount: 100, totalAmount: 4600, amount: 46,
    });
  });

  it('refuses a tampered subtotal, even when the total adds up: a payment issue, the order stays pending', async () => {
    const order = await newOrder();
    const paid = event('checkout.session.completed', order, {
      amount_subtotal: 100, amount_total: 100, total_details: { amount_shipping: 0, amount_discount: 0, amount_tax: 0 },
    });
    expect((await deliver(paid)).status).toBe(200);
    const after = await getOrder(order.id);
    expect(after).toMatchObject({ status: 'pending', totalAmount: 5000, subtotalAmount: 5000 });
    expect(after.paymentIssue).toMatch(/subtotal/);
  });

  it('acknowledges a signed event without a session object instead of failing for days', async () => {
    const res = await deliver({ id: 'evt_malformed', object: 'event', type: 'checkout.session.completed', data: {} });
    expect(res.status).toBe(200);
  });

  it('acknowledges events for unknown orders and foreign sessions, changing nothing', async () => {
    const bystander = await newOrder();
    const before = await getOrder(bystander.id);
    const writes = [vi.spyOn(t.storage.orders, 'transition'), vi.spyOn(t.storage.orders, 'flagPaymentIssue')];
    advanceClock(1_000);
    const ghost = { id: '0000000000000000000000ff', checkoutUrl: 'https://x/cs_ghost' };
    expect((await deliver(event('checkout.session.completed', ghost))).status).toBe(200);
    expect((await deliver(event('checkout.session.completed', null))).status).toBe(200);
    expect((await deliver({ ...event('customer.created', null), data: { object: { id: 'cus_1' } } })).status).toBe(200);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
    expect(await getOrder(bystander.id)).toEqual(before);
    const mine = await t.http.get('/api/orders').set('Authorization', `Bearer ${customer.token}`).expect(200);
    expect(mine.body).toEqual([before]);
    expect((await t.http.get(`/api/orders/${ghost.id}`).set('Authorization', `Bearer ${customer.token}`)).status).toBe(404);
  });

  it('finds the order by session id when metadata is missing (crash before the session id was saved is covered by metadata)', async () => {
    const order = await newOrder();
    const e = event('checkout.session.completed', order, { metadata: {}, client_reference_id: null });
    await deliver(e).expect(200);
    expect((await getOrder(order.id)).status).toBe('completed');
  });

  it.each([
    ['no signature', { header: null }],
    ['a signature made with another secret', { secret: 'whsec_wrong' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
    ['a timestamp an hour ahead', { timestamp: Math.floor(Date.now() / 1000) + 3600 }],
    ['a garbage header', { header: 't=abc,v1=def' }],
  ])('rejects %s with 400 and changes nothing', async (_, options) => {
    const order = await newOrder();
    const res = await deliver(event('checkout.session.completed', order), options);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect((await getOrder(order.id)).status).toBe('pending');
  });

  it('verifies the exact raw bytes: a tampered or re-serialised body fails, odd bytes pass', async () => {
    const order = await newOrder();
    const e = event('checkout.session.completed', order, { custom_text: { submit: { message: 'Café ☕ \u2028 naïve' } } });
    const raw = `{\n\t"id" :  ${JSON.stringify(e.id)} ,${JSON.stringify(e).slice(1 + `"id":${JSON.stringify(e.id)},`.length)}`;
    expect(JSON.parse(raw)).toEqual(e);
    const header = stripe.webhooks.generateTestHeaderString({ payload: raw, secret: SECRET });
    expect((await deliver(null, { raw: JSON.stringify(e), header })).status).toBe(400);
    expect((await deliver(null, { raw: raw.replace('5000', '5001'), header })).status).toBe(400);
    expect((await deliver(null, { raw, header })).status).toBe(200);
    expect((await getOrder(order.id)).status).toBe('completed');
  });

  it('answers 5xx when our storage fails, so Stripe retries, and processes the retry', async () => {
    const order = await newOrder();
    const orders = t.storage.orders;
    const original = orders.transition.bind(orders);
    orders.transition = async () => { throw new StorageUnavailable('down'); };
    const paid = event('checkout.session.completed', order);
    const res = await deliver(paid);
    expect(res.status).toBe(503);
    orders.transition = original;
    expect((await deliver(paid)).status).toBe(200);
    expect((await getOrder(order.id)).status).toBe('completed');
  });
});

describe('GET /checkout/success with Stripe', () => {
  it('completes the order from the return page when the webhook has not arrived yet', async () => {
    const order = await newOrder();
    const sessionId = sessionOf(order);
    stripeDouble.reports.set(sessionId, { sessionId, orderId: order.id, outcome: 'paid', amount: { amount: 5000, currency: 'eur' } });
    const page = await t.http.get(`/checkout/success?session_id=${sessionId}`).expect(200);
    expect(page.text).toContain('completed');
    expect((await getOrder(order.id)).status).toBe('completed');
    // The webhook arriving afterwards changes nothing.
    await deliver(event('checkout.session.completed', order)).expect(200);
    expect((await getOrder(order.id)).status).toBe('completed');
  });

  it('asks Stripe only about sessions of our own pending orders', async () => {
    let asked = 0;
    const retrieve = stripeDouble.gateway.retrieveCheckout;
    stripeDouble.gateway.retrieveCheckout = async (id) => { asked += 1; return retrieve(id); };
    expect((await t.http.get('/checkout/success?session_id=cs_test_not_ours')).status).toBe(404);
    const order = await newOrder();
    await deliver(event('checkout.session.completed', order)).expect(200);
    expect((await t.http.get(`/checkout/success?session_id=${sessionOf(order)}`)).status).toBe(200);
    expect(asked).toBe(0);
  });

  it('shows a pending order as processing when Stripe has not been paid yet', async () => {
    const order = await newOrder();
    const sessionId = sessionOf(order);
    stripeDouble.reports.set(sessionId, { sessionId, orderId: order.id, outcome: 'unpaid', amount: { amount: 5000, currency: 'eur' } });
    const page = await t.http.get(`/checkout/success?session_id=${sessionId}`).expect(200);
    expect(page.text).toContain('being processed');
  });
});
