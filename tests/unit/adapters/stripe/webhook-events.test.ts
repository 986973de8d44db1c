import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  WebhookSignatureInvalid,
  toPaymentEvent,
  verifyStripeEvent,
} from '../../../../src/adapters/stripe/webhook-events.js';

const SECRET = 'whsec_test_secret';
const NOW = Math.floor(Date.now() / 1000);

function sessionEvent(type: string, session: Record<string, unknown> = {}, id = 'evt_1'): string {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    api_version: '2026-10-28.endive',
    created: NOW,
    data: {
      object: {
        id: 'cs_test_1',
        object: 'checkout.session',
        amount_total: 2500,
        currency: 'eur',
        client_reference_id: 'order-1',
        metadata: { orderId: 'order-1' },
        payment_status: 'paid',
        status: 'complete',
        payment_intent: 'pi_test_1',
        ...session,
      },
    },
  });
}

function sign(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? SECRET,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
}

/** Verifies `body` (bytes exactly as received) and translates it. */
function receive(body: string | Buffer, header: string | undefined) {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return toPaymentEvent(verifyStripeEvent(raw, header, SECRET));
}

describe('verifyStripeEvent', () => {
  it('accepts a correctly signed event and exposes its id and type', () => {
    const payload = sessionEvent('checkout.session.completed');
    const verified = verifyStripeEvent(Buffer.from(payload), sign(payload), SECRET);
    expect(verified).toMatchObject({ id: 'evt_1', type: 'checkout.session.completed' });
  });

  it.each([undefined, ''])('rejects a missing Stripe-Signature header (%j)', (header) => {
    const payload = sessionEvent('checkout.session.completed');
    expect(() => verifyStripeEvent(Buffer.from(payload), header, SECRET)).toThrow(WebhookSignatureInvalid);
  });

  it('rejects a malformed header', () => {
    const payload = sessionEvent('checkout.session.completed');
    for (const header of ['garbage', 'v1=abc', `t=abc,v1=${'0'.repeat(64)}`, `t=${NOW},t=${NOW},v1=abc`]) {
      expect(() => verifyStripeEvent(Buffer.from(payload), header, SECRET)).toThrow(WebhookSignatureInvalid);
    }
  });

  it('rejects a signature made with another secret', () => {
    const payload = sessionEvent('checkout.session.completed');
    expect(() => verifyStripeEvent(Buffer.from(payload), sign(payload, { secret: 'whsec_other' }), SECRET)).toThrow(
      /No signatures found matching/,
    );
  });

  it('rejects a tampered body (amount edited after signing)', () => {
    const payload = sessionEvent('checkout.session.completed');
    const tampered = payload.replace('"amount_total":2500', '"amount_total":1');
    expect(tampered).not.toBe(payload);
    expect(() => verifyStripeEvent(Buffer.from(tampered), sign(payload), SECRET)).toThrow(WebhookSignatureInvalid);
  });

  it('rejects a stale timestamp (now − 301 s)', () => {
    const payload = sessionEvent('checkout.session.completed');
    const header = sign(payload, { timestamp: NOW - 301 });
    expect(() => verifyStripeEvent(Buffer.from(payload), header, SECRET, 300, NOW * 1000)).toThrow(
      /Timestamp outside the tolerance zone/,
    );
  });

  it('accepts a timestamp just inside the window (now − 299 s)', () => {
    const payload = sessionEvent('checkout.session.completed');
    const header = sign(payload, { timestamp: NOW - 299 });
    expect(verifyStripeEvent(Buffer.from(payload), header, SECRET, 300, NOW * 1000).id).toBe('evt_1');
  });

  it('rejects a timestamp in the future (now + 3600 s), which stripe-node alone accepts', () => {
    const payload = sessionEvent('checkout.session.completed');
    const header = sign(payload, { timestamp: NOW + 3600 });
    expect(() => Stripe.webhooks.constructEvent(payload, header, SECRET, 300, undefined, NOW * 1000)).not.toThrow();
    expect(() => verifyStripeEvent(Buffer.from(payload), header, SECRET, 300, NOW * 1000)).toThrow(/future/);
  });

  it('refuses a zero tolerance, which would switch off the replay check', () => {
    const payload = sessionEvent('checkout.session.completed');
    const ancient = sign(payload, { timestamp: NOW - 86_400 * 365 });
    expect(() => Stripe.webhooks.constructEvent(payload, ancient, SECRET, 0)).not.toThrow();
    expect(() => verifyStripeEvent(Buffer.from(payload), ancient, SECRET, 0)).toThrow(RangeError);
  });

  it('rejects an event that was parsed and re-serialised (whitespace changed)', () => {
    const payload = sessionEvent('checkout.session.completed');
    const reserialised = JSON.stringify(JSON.parse(payload), null, 2);
    expect(() => verifyStripeEvent(Buffer.from(reserialised), sign(payload), SECRET)).toThrow(
      /raw request body/,
    );
  });

  it('accepts the exact bytes with non-ASCII characters and unusual whitespace', () => {
    const payload =
      '{\r\n\t"id" :  "evt_raw",  "object":"event", "type":"checkout.session.completed",   \n' +
      '"data": { "object": { "id":"cs_test_raw","object":"checkout.session","amount_total":2500,' +
      '"currency":"eur","payment_status":"paid","status":"complete","client_reference_id":null,' +
      '"metadata":{"orderId":"order-1","note":"Café ☕ \u00a0 \u2028 \u2029 😀 \\u00e9"} } } }\n\n';
    const header = sign(payload);
    const raw = Buffer.from(payload, 'utf8');
    const verified = verifyStripeEvent(raw, header, SECRET);
    expect(verified.id).toBe('evt_raw');
    expect(toPaymentEvent(verified)).toMatchObject({ kind: 'paid', orderId: 'order-1', sessionId: 'cs_test_raw' });

    // The same data decoded and re-encoded the way a body parser would: no longer the signed bytes.
    const reparsed = Buffer.from(JSON.stringify(JSON.parse(payload)), 'utf8');
    expect(() => verifyStripeEvent(reparsed, header, SECRET)).toThrow(WebhookSignatureInvalid);
    // Bytes read with the wrong charset and written back differ as well.
    const latin1 = Buffer.from(raw.toString('latin1'), 'utf8');
    expect(() => verifyStripeEvent(latin1, header, SECRET)).toThrow(WebhookSignatureInvalid);
  });

  it('refuses a body that is not a Buffer (a parsed body reached it by mistake)', () => {
    const payload = sessionEvent('checkout.session.completed');
    expect(() => verifyStripeEvent(JSON.parse(payload) as Buffer, sign(payload), SECRET)).toThrow(TypeError);
  });
});

describe('toPaymentEvent', () => {
  it('maps checkout.session.completed with payment_status paid to paid', () => {
    const payload = sessionEvent('checkout.session.completed');
    expect(receive(payload, sign(payload))).toEqual({
      eventId: 'evt_1',
      kind: 'paid',
      orderId: 'order-1',
      sessionId: 'cs_test_1',
      amount: { amount: 2500, currency: 'eur' },
      breakdown: null,
      paymentId: 'pi_test_1',
      shipping: null,
    });
  });

  it('reads what the amount is made of when Stripe itemises it (subtotal, shipping, discount, tax)', () => {
    const payload = sessionEvent('checkout.session.completed', {
      amount_subtotal: 2300, amount_total: 2500,
      total_details: { amount_shipping: 400, amount_discount: 300, amount_tax: 100 },
    });
    expect(receive(payload, sign(payload))).toMatchObject({
      amount: { amount: 2500, currency: 'eur' },
      breakdown: { subtotal: 2300, shipping: 400, discount: 300, tax: 100 },
    });
  });

  it('reads the shipping collected (API 2025-03-31+): collected_information.shipping_details and the rate in shipping_cost, named through the session metadata', () => {
    const payload = sessionEvent('checkout.session.completed', {
      amount_subtotal: 2000, amount_total: 2495,
      total_details: { amount_shipping: 495, amount_discount: 0, amount_tax: 0 },
      metadata: { orderId: 'order-1', shippingOptionIds: 'opt-standard,opt-express' },
      shipping_options: [{ shipping_amount: 495, shipping_rate: 'shr_1' }, { shipping_amount: 1500, shipping_rate: 'shr_2' }],
      shipping_cost: { amount_subtotal: 1500, amount_tax: 0, amount_total: 1500, shipping_rate: 'shr_2' },
      collected_information: {
        business_name: null, individual_name: null,
        shipping_details: { name: 'Ada Lovelace', address: { line1: '1 Rue de Rivoli', line2: null, city: 'Paris', postal_code: '75001', state: null, country: 'FR' } },
      },
      customer_details: { email: 'ada@example.com', phone: null },
    });
    expect(receive(payload, sign(payload))).toMatchObject({
      shipping: {
        optionId: 'opt-express',
        address: { name: 'Ada Lovelace', line1: '1 Rue de Rivoli', line2: null, city: 'Paris', postalCode: '75001', state: null, country: 'FR', phone: null },
      },
    });
  });

  it('reports no shipping for a session that collected none, and no option for a rate it cannot place', () => {
    const none = sessionEvent('checkout.session.completed', {});
    expect(receive(none, sign(none))).toMatchObject({ shipping: null });
    const unplaced = sessionEvent('checkout.session.completed', {
      shipping_cost: { amount_subtotal: 500, amount_tax: 0, amount_total: 500, shipping_rate: 'shr_9' }, shipping_options: [],
    });
    expect(receive(unplaced, sign(unplaced))).toMatchObject({ shipping: { optionId: null, address: null } });
  });

  it('maps completed with no_payment_required to paid', () => {
    const payload = sessionEvent('checkout.session.completed', { payment_status: 'no_payment_required', amount_total: 0 });
    expect(receive(payload, sign(payload))).toMatchObject({ kind: 'paid', amount: { amount: 0, currency: 'eur' } });
  });

  it('maps completed with payment_status unpaid to awaiting-payment', () => {
    const payload = sessionEvent('checkout.session.completed', { payment_status: 'unpaid' });
    expect(receive(payload, sign(payload))).toMatchObject({ kind: 'awaiting-payment', orderId: 'order-1' });
  });

  it.each([
    ['checkout.session.async_payment_succeeded', 'paid'],
    ['checkout.session.async_payment_failed', 'failed'],
    ['checkout.session.expired', 'expired'],
  ])('maps %s to %s', (type, kind) => {
    const payload = sessionEvent(type, { payment_status: 'unpaid', status: 'expired' });
    expect(receive(payload, sign(payload))).toMatchObject({ kind, sessionId: 'cs_test_1', orderId: 'order-1' });
  });

  it('ignores event types we do not handle', () => {
    const payload = JSON.stringify({ id: 'evt_2', object: 'event', type: 'customer.created', data: { object: {} } });
    expect(receive(payload, sign(payload))).toBeNull();
  });

  it('falls back to client_reference_id, then to null, for the order id', () => {
    const noMetadata = sessionEvent('checkout.session.completed', { metadata: {} });
    expect(receive(noMetadata, sign(noMetadata))?.orderId).toBe('order-1');
    const foreign = sessionEvent('checkout.session.completed', { metadata: {}, client_reference_id: null });
    expect(receive(foreign, sign(foreign))?.orderId).toBeNull();
  });

  it('reports a missing amount as null rather than guessing', () => {
    const payload = sessionEvent('checkout.session.completed', { amount_total: null });
    const event = receive(payload, sign(payload));
    expect(event && 'amount' in event ? event.amount : 'no amount field').toBeNull();
  });
});

function objectEvent(type: string, object: Record<string, unknown>, id = 'evt_r1'): string {
  return JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28.endive', created: NOW, data: { object } });
}

const aRefund = (fields: Record<string, unknown> = {}) => ({
  id: 're_1', object: 'refund', amount: 2500, currency: 'eur', payment_intent: 'pi_test_1',
  metadata: { orderId: 'order-1' }, status: 'succeeded', failure_reason: null, ...fields,
});

describe('toPaymentEvent: refunds', () => {
  it('maps charge.refunded of a fully refunded charge to refunded, by its payment intent', () => {
    const payload = objectEvent('charge.refunded', {
      id: 'ch_1', object: 'charge', payment_intent: 'pi_test_1', refunded: true, amount_refunded: 2500, metadata: {},
      refunds: { object: 'list', data: [aRefund()] },
    });
    expect(receive(payload, sign(payload))).toEqual({
      eventId: 'evt_r1', kind: 'refunded', orderId: 'order-1', paymentId: 'pi_test_1', refundId: 're_1', failureReason: null,
    });
  });

  it('maps charge.refunded without the refunds list to refunded, with no order id (found by payment)', () => {
    const payload = objectEvent('charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: 'pi_test_1', refunded: true, metadata: {} });
    expect(receive(payload, sign(payload))).toMatchObject({ kind: 'refunded', orderId: null, paymentId: 'pi_test_1' });
  });

  it('ignores charge.refunded for a partial refund', () => {
    const payload = objectEvent('charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: 'pi_test_1', refunded: false, metadata: {} });
    expect(receive(payload, sign(payload))).toBeNull();
  });

  it('maps refund.updated succeeded to refunded and failed to refund-failed with the reason', () => {
    const ok = objectEvent('refund.updated', aRefund());
    expect(receive(ok, sign(ok))).toEqual({
      eventId: 'evt_r1', kind: 'refunded', orderId: 'order-1', paymentId: 'pi_test_1', refundId: 're_1', failureReason: null,
    });
    const failed = objectEvent('refund.updated', aRefund({ status: 'failed', failure_reason: 'expired_or_canceled_card' }));
    expect(receive(failed, sign(failed))).toMatchObject({ kind: 'refund-failed', refundId: 're_1', failureReason: 'expired_or_canceled_card' });
  });

  it('ignores refund.updated (succeeded) of a refund made elsewhere, which may be partial: charge.refunded decides', () => {
    const payload = objectEvent('refund.updated', aRefund({ metadata: {} }));
    expect(receive(payload, sign(payload))).toBeNull();
    const failed = objectEvent('refund.updated', aRefund({ metadata: {}, status: 'failed', failure_reason: 'unknown' }));
    expect(receive(failed, sign(failed))).toMatchObject({ kind: 'refund-failed', orderId: null, paymentId: 'pi_test_1' });
  });

  it.each(['pending', 'requires_action'])('ignores refund.updated while the refund is %s', (status) => {
    const payload = objectEvent('refund.updated', aRefund({ status }));
    expect(receive(payload, sign(payload))).toBeNull();
  });
});
