import Stripe from 'stripe';
import type { CheckoutEvent, PaymentEvent, RefundEvent } from '../../application/payments/handle-payment-event.js';
import { confirmedAmounts, confirmedShipping } from './amounts.js';

/** The request was not a genuine, current Stripe delivery. Answer 400 and change nothing. */
export class WebhookSignatureInvalid extends Error {
  override readonly name = 'WebhookSignatureInvalid';
}

declare const verified: unique symbol;

/**
 * A Stripe event whose signature and timestamp were checked. Opaque on purpose, so no Stripe type
 * leaves this folder: read `id` and `type` for logs, hand it to `toPaymentEvent`.
 */
export type VerifiedStripeEvent = Readonly<{ id: string; type: string; [verified]: true }>;

export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Checks the `Stripe-Signature` header against the exact bytes received, then parses them.
 * `rawBody` must be the untouched request body: any re-serialisation (a JSON body parser, a
 * pretty-printer, a different newline) breaks the signature.
 *
 * Rejects, with `WebhookSignatureInvalid`: a missing or malformed header, no matching `v1`
 * signature for `secret`, and a timestamp more than `toleranceSeconds` in the past (stripe-node)
 * or in the future (checked here: stripe-node accepts any future timestamp).
 * `toleranceSeconds` must be positive, because stripe-node treats 0 as "do not check the age".
 */
export function verifyStripeEvent(
  rawBody: Buffer,
  signature: string | undefined,
  secret: string,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowMs: number = Date.now(),
): VerifiedStripeEvent {
  if (!Buffer.isBuffer(rawBody)) throw new TypeError('verifyStripeEvent needs the raw request body as a Buffer.');
  if (!(toleranceSeconds > 0) || !Number.isFinite(toleranceSeconds)) {
    throw new RangeError('The webhook tolerance must be a positive number of seconds.');
  }
  if (!signature) throw new WebhookSignatureInvalid('No Stripe-Signature header.');

  const timestamp = signedAt(signature);
  if (timestamp === null) throw new WebhookSignatureInvalid('Malformed Stripe-Signature header.');
  if (timestamp - Math.floor(nowMs / 1000) > toleranceSeconds) {
    throw new WebhookSignatureInvalid('Timestamp is in the future, outside the tolerance zone.');
  }
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, toleranceSeconds, undefined, nowMs);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable payload';
    throw new WebhookSignatureInvalid(`Stripe webhook rejected: ${reason}`);
  }
  if (typeof event?.id !== 'string' || typeof event.type !== 'string') {
    throw new WebhookSignatureInvalid('Signed payload is not a Stripe event.');
  }
  return event as unknown as VerifiedStripeEvent;
}

/**
 * The signing time from the header, or `null` unless there is exactly one all-digit `t=`
 * (stripe-node would take the last of several, and `parseInt` leniently).
 */
function signedAt(header: string): number | null {
  const values = header
    .split(',')
    .map((item) => item.split('='))
    .filter(([key]) => key === 't')
    .map(([, value]) => value ?? '');
  if (values.length !== 1 || !/^\d{1,12}$/.test(values[0]!)) return null;
  return Number(values[0]);
}

/** The event types `toPaymentEvent` acts on (the webhook's endpoint in Stripe needs exactly these). */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'refund.updated',
] as const satisfies readonly Stripe.Event.Type[];

/**
 * Translates the events we act on (`HANDLED_EVENT_TYPES`); `null` for every other type (answer 2xx and move on).
 * - `checkout.session.completed`: `paid` when `payment_status` is `paid` or `no_payment_required`,
 *   else `awaiting-payment` (delayed methods settle later).
 * - `checkout.session.async_payment_succeeded`: `paid`; `…async_payment_failed`: `failed`.
 * - `checkout.session.expired`: `expired`.
 * - `charge.refunded`: `refunded` once the charge is refunded in full (a partial refund made in the
 *   Dashboard is not ours to act on).
 * - `refund.updated`: `refunded` when one of our refunds (`metadata.orderId`, always in full)
 *   `succeeded`; a refund made elsewhere may be partial, so only `charge.refunded` ends its order.
 *   `refund-failed` when any refund `failed` or was `canceled`; other statuses are steps on the way.
 */
export function toPaymentEvent(verifiedEvent: VerifiedStripeEvent): PaymentEvent | null {
  const event = verifiedEvent as unknown as Stripe.Event;
  // Signed by Stripe yet not shaped like a session: acknowledge and ignore, never a 500 retried for days.
  const object: unknown = (event as { data?: { object?: unknown } }).data?.object;
  if (!object || typeof object !== 'object' || typeof (object as { id?: unknown }).id !== 'string') return null;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
      return fromSession(event.id, paid ? 'paid' : 'awaiting-payment', session);
    }
    case 'checkout.session.async_payment_succeeded':
      return fromSession(event.id, 'paid', event.data.object);
    case 'checkout.session.async_payment_failed':
      return fromSession(event.id, 'failed', event.data.object);
    case 'checkout.session.expired':
      return fromSession(event.id, 'expired', event.data.object);
    case 'charge.refunded': {
      const charge = event.data.object;
      if (charge.refunded !== true) return null;
      const refunds = charge.refunds?.data ?? [];
      return {
        eventId: event.id,
        kind: 'refunded',
        orderId: refunds.map((r) => r.metadata?.['orderId']).find(Boolean) || charge.metadata?.['orderId'] || null,
        paymentId: idOf(charge.payment_intent),
        refundId: refunds[0]?.id ?? charge.id,
        failureReason: null,
      };
    }
    case 'refund.updated': {
      const refund = event.data.object;
      const failed = refund.status === 'failed' || refund.status === 'canceled';
      const ours = !!refund.metadata?.['orderId'];
      if (!failed && !(refund.status === 'succeeded' && ours)) return null;
      return fromRefund(event.id, failed ? 'refund-failed' : 'refunded', refund);
    }
    default:
      return null;
  }
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  return (typeof value === 'string' ? value : value?.id) ?? null;
}

function fromSession(eventId: string, kind: CheckoutEvent['kind'], session: Stripe.Checkout.Session): CheckoutEvent {
  return {
    eventId,
    kind,
    orderId: session.metadata?.orderId || session.client_reference_id || null,
    sessionId: session.id,
    ...confirmedAmounts(session),
    paymentId: idOf(session.payment_intent),
    shipping: confirmedShipping(session),
  };
}

function fromRefund(eventId: string, kind: RefundEvent['kind'], refund: Stripe.Refund): RefundEvent {
  return {
    eventId,
    kind,
    orderId: refund.metadata?.['orderId'] || null,
    paymentId: idOf(refund.payment_intent),
    refundId: refund.id,
    failureReason: kind === 'refund-failed' ? (refund.failure_reason ?? refund.status ?? 'unknown') : null,
  };
}
