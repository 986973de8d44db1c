import type { Money } from '../../domain/money.js';
import type { PriceBreakdown } from '../../domain/price-breakdown.js';
import type { Checkout, Order } from '../../domain/order.js';
import type { ConfirmedShipping } from '../../domain/shipping.js';

export type CheckoutRequest = Readonly<{ order: Order; customerEmail: string }>;

/** What the provider says about one checkout session, in our words. */
export type CheckoutReport = Readonly<{
  sessionId: string;
  /** Our order id, from the session's metadata; `null` for sessions some other integration made. */
  orderId: string | null;
  /**
   * `paid`: money received. `unpaid`: not (yet), and the session can still be paid.
   * `awaiting-payment`: the customer finished the checkout with a delayed method; money may still
   * come. `expired`: the session can no longer be paid. `failed`: the customer finished the
   * checkout but the (delayed) payment did not go through.
   */
  outcome: 'paid' | 'unpaid' | 'awaiting-payment' | 'expired' | 'failed';
  amount: Money | null;
  /** What `amount` is made of, when the provider itemises it; absent or `null` when it reports only the total. */
  breakdown?: PriceBreakdown | null;
  /** The provider's id of the payment (Stripe: the payment intent); absent or `null` until there is one. */
  paymentId?: string | null;
  /** The shipping option picked (`optionId` null when the provider does not name it) and the address collected; absent or `null` without. */
  shipping?: ConfirmedShipping | null;
}>;

/** What the provider says about a refund. */
export type RefundReport = Readonly<{
  refundId: string;
  /** `succeeded`: the money went back. `pending`: the provider reports the end later. `failed`: it could not. */
  outcome: 'succeeded' | 'pending' | 'failed';
  /** Why it failed, in the provider's words; `null` unless `failed`. */
  failureReason: string | null;
}>;

export interface PaymentGateway {
  /** Which provider, for logs. */
  readonly name: string;
  /** Where customers pay, in a few words, for the startup banner. */
  readonly description: string;
  /** `false` for a test stand-in through which no money moves. */
  readonly movesMoney: boolean;
  /**
   * `true` when customers pay on checkout pages this service serves itself (which apply the
   * outcome as the customer acts), `false` when they pay on the provider's.
   */
  readonly servesCheckoutPages: boolean;
  /**
   * `true` when `retrieveCheckout` can report an outcome this service has not heard of yet (a lost
   * notification), so asking it now and then is worth it; `false` when every outcome is applied
   * where it happens and there is never anything to report.
   */
  readonly reconcilable: boolean;
  /**
   * Creates a checkout for the order. Idempotent per order: calling it again for the same order
   * returns the same checkout. Throws `PaymentProviderUnavailable` (timeouts, 5xx) or
   * `PaymentProviderFailed` (the provider refused the request).
   */
  startCheckout(request: CheckoutRequest): Promise<Checkout>;
  /** The provider's current view of a session; `null` when it has nothing to tell (unknown id). */
  retrieveCheckout(sessionId: string): Promise<CheckoutReport | null>;
  /**
   * Makes the session unpayable, then reports it. `expired` means it can no longer be paid (also
   * when it had already expired); `paid` or `awaiting-payment` mean it was completed before it
   * could be closed, and the caller must honour that payment. Idempotent. Throws like `startCheckout`.
   */
  cancelCheckout(sessionId: string): Promise<CheckoutReport>;
  /**
   * Refunds the order's payment (`order.paymentId`) in full. Idempotent per order: asking again
   * for the same order returns the same refund, never a second one. Throws like `startCheckout`.
   */
  refund(order: Order): Promise<RefundReport>;
}
