import type { Money } from '../../domain/money.js';
import type { Checkout, Order } from '../../domain/order.js';

export type CheckoutRequest = Readonly<{ order: Order; customerEmail: string }>;

/** What the provider says about one checkout session, in our words. */
export type CheckoutReport = Readonly<{
  sessionId: string;
  /** Our order id, from the session's metadata; `null` for sessions some other integration made. */
  orderId: string | null;
  /**
   * `paid`: money received. `unpaid`: not (yet). `expired`: the session can no longer be paid.
   * `failed`: the customer finished the checkout but the (delayed) payment did not go through.
   */
  outcome: 'paid' | 'unpaid' | 'expired' | 'failed';
  amount: Money | null;
}>;

export interface PaymentGateway {
  /** Which provider, for logs and the startup banner. */
  readonly name: string;
  /**
   * Creates a checkout for the order. Idempotent per order: calling it again for the same order
   * returns the same checkout. Throws `PaymentProviderUnavailable` (timeouts, 5xx) or
   * `PaymentProviderFailed` (the provider refused the request).
   */
  startCheckout(request: CheckoutRequest): Promise<Checkout>;
  /** The provider's current view of a session; `null` when it has nothing to tell (unknown id). */
  retrieveCheckout(sessionId: string): Promise<CheckoutReport | null>;
}
