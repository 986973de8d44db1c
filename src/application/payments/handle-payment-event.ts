import type { PriceBreakdown } from '../../domain/price-breakdown.js';
import { EventInProgress, OrderNotFound, OrderNotRefundable } from '../../domain/errors.js';
import type { Money } from '../../domain/money.js';
import type { ConfirmedShipping } from '../../domain/shipping.js';
import { type CompletePayment, isRefusedPayment } from './complete-payment.js';
import type { CompleteRefund } from './complete-refund.js';
import type { FailRefund } from './fail-refund.js';
import type { ExpireCheckout } from './expire-checkout.js';
import type { FailPayment } from './fail-payment.js';
import type { Clock, ProcessedEvents } from '../ports/index.js';

/**
 * One verified report from the payment provider, in our words.
 * `paid`: money received (the order may complete). `awaiting-payment`: the customer finished the
 * checkout with a delayed method (bank debit); the order stays pending until a later `paid` or
 * `failed`. `failed`: the delayed payment did not go through. `expired`: the checkout can no
 * longer be paid.
 */
export type CheckoutEvent = Readonly<{
  /** The provider's event id; each is processed at most once. */
  eventId: string;
  kind: 'paid' | 'awaiting-payment' | 'failed' | 'expired';
  /** Our order id from the session's metadata; `null` when the session carries none. */
  orderId: string | null;
  sessionId: string;
  /** What the session charged; `null` when the provider did not say. */
  amount: Money | null;
  /** What `amount` is made of, when the provider itemises it. */
  breakdown?: PriceBreakdown | null;
  /** The provider's id of the payment, kept on the order for refunds; absent or `null` when there is none. */
  paymentId?: string | null;
  /** The shipping option picked and the address collected, when the checkout had a shipping step. */
  shipping?: ConfirmedShipping | null;
}>;

/**
 * `refunded`: the order's payment was refunded in full. `refund-failed`: a refund of it failed
 * (`failureReason` says why, in the provider's words).
 */
export type RefundEvent = Readonly<{
  eventId: string;
  kind: 'refunded' | 'refund-failed';
  /** Our order id from the refund's metadata; `null` when it carries none (a refund made elsewhere). */
  orderId: string | null;
  paymentId: string | null;
  refundId: string;
  failureReason: string | null;
}>;

export type PaymentEvent = CheckoutEvent | RefundEvent;

/**
 * What became of an event, for the caller's log line. Every result means "done, do not resend":
 * - `processed`: applied (or already true: a late `expired` for a completed order changes nothing).
 * - `duplicate`: this event id was processed already.
 * - `ignored-unknown-order`: metadata names an order we do not have.
 * - `ignored-foreign`: no metadata and no order with that session: another integration's session.
 * - `rejected-mismatch`: a payment that does not match the order (amount, currency, shipping,
 *   an address the option does not serve) or arrives for an order that already ended; recorded on
 *   the order, never retried. Log it loudly.
 *   A `paid` event without an amount is rejected the same way (nothing to check it against).
 * - `awaiting-payment`: nothing to do until the delayed payment settles.
 * - `refund-failed`: a refund did not go through; recorded on the order. Log it loudly.
 *   A refund report for an order that is not (or no longer) refundable is `rejected-mismatch`.
 * Anything thrown means "not processed, resend": `EventInProgress` when another delivery of the
 * event holds the claim (it may still fail, so this one must not be acknowledged), or a failure
 * such as `StorageUnavailable`, after which the claim is released.
 */
export type PaymentEventResult =
  | 'processed'
  | 'duplicate'
  | 'ignored-unknown-order'
  | 'ignored-foreign'
  | 'rejected-mismatch'
  | 'awaiting-payment'
  | 'refund-failed';

/**
 * A claim outlives any sane processing time (storage calls time out within seconds) yet stays short:
 * a retry that arrives while a crashed instance still holds the claim gets `EventInProgress`, and
 * the provider resends it later, after the lease. Handlers are idempotent, so an overlap after
 * expiry is harmless.
 */
export const DEFAULT_EVENT_LEASE_MS = 60_000;

/** Applies payment events exactly once per event id, across processes and concurrent deliveries. */
export class HandlePaymentEvent {
  constructor(
    private readonly processed: ProcessedEvents,
    private readonly completePayment: CompletePayment,
    private readonly failPayment: FailPayment,
    private readonly expireCheckout: ExpireCheckout,
    private readonly completeRefund: CompleteRefund,
    private readonly failRefund: FailRefund,
    private readonly clock: Clock,
    private readonly leaseMs: number = DEFAULT_EVENT_LEASE_MS,
  ) {}

  async execute(event: PaymentEvent): Promise<PaymentEventResult> {
    const claim = await this.processed.claim(event.eventId, this.clock.now(), this.leaseMs);
    if (claim === 'done') return 'duplicate';
    if (claim === 'in-flight') throw new EventInProgress(event.eventId);
    try {
      const result = await this.apply(event);
      await this.processed.markDone(event.eventId, this.clock.now());
      return result;
    } catch (error) {
      // Best effort: if storage is down the lease runs out instead. The original error matters.
      await this.processed.release(event.eventId).catch(() => undefined);
      throw error;
    }
  }

  private async apply(event: PaymentEvent): Promise<PaymentEventResult> {
    try {
      switch (event.kind) {
        case 'paid':
          // Without an amount nothing can be checked: CompletePayment records that on the order.
          await this.completePayment.execute({ ...event, paid: event.amount });
          return 'processed';
        case 'failed':
          await this.failPayment.execute(event);
          return 'processed';
        case 'expired':
          await this.expireCheckout.execute(event);
          return 'processed';
        case 'awaiting-payment':
          return 'awaiting-payment';
        case 'refunded':
          await this.completeRefund.execute(event);
          return 'processed';
        case 'refund-failed':
          await this.failRefund.execute({ ...event, reason: event.failureReason ?? 'unknown' });
          return 'refund-failed';
      }
    } catch (error) {
      if (error instanceof OrderNotFound) return event.orderId ? 'ignored-unknown-order' : 'ignored-foreign';
      if (isRefusedPayment(error) || error instanceof OrderNotRefundable) {
        return 'rejected-mismatch';
      }
      throw error;
    }
  }
}
