import { randomBytes } from 'node:crypto';
import type { Checkout, Order } from '../../domain/order.js';
import type { CheckoutReport, CheckoutRequest, PaymentGateway, RefundReport } from '../../application/ports/payment-gateway.js';

export const LOCAL_CHECKOUT_PATH = '/checkout/local';

/**
 * A stand-in for Stripe Checkout in the embedded mode: the checkout page is served by this
 * service itself (see pages.ts), and paying there runs the same CompletePayment use case as
 * Stripe's webhook. It moves no money, so it refuses to exist in production.
 */
export class LocalPaymentGateway implements PaymentGateway {
  readonly name = 'local';
  readonly description: string;
  readonly movesMoney = false;
  readonly servesCheckoutPages = true;
  readonly reconcilable = false;
  private readonly sessions = new Map<string, Checkout>();
  private readonly refunds = new Map<string, string>();

  constructor(private readonly appUrl: string, env: string | undefined = process.env['NODE_ENV']) {
    if (env === 'production') {
      throw new Error('The local payment gateway moves no money and cannot run with NODE_ENV=production.');
    }
    this.description = `local checkout pages (${appUrl}${LOCAL_CHECKOUT_PATH}/…)`;
  }

  /** Idempotent per order, like Stripe with an idempotency key. */
  async startCheckout({ order }: CheckoutRequest): Promise<Checkout> {
    const existing = this.sessions.get(order.id);
    if (existing) return existing;
    const sessionId = `lcs_${randomBytes(24).toString('base64url')}`;
    const checkout = { sessionId, url: `${this.appUrl}${LOCAL_CHECKOUT_PATH}/${sessionId}` };
    this.sessions.set(order.id, checkout);
    return checkout;
  }

  /** The local page applies outcomes itself, so there is never anything to report. */
  async retrieveCheckout(): Promise<CheckoutReport | null> {
    return null;
  }

  /** Nothing to close: the page reads the order, so a cancelled order can no longer be paid there. */
  async cancelCheckout(sessionId: string): Promise<CheckoutReport> {
    return { sessionId, orderId: null, outcome: 'expired', amount: null, paymentId: null };
  }

  /** No money moved, so the refund succeeds at once. Idempotent per order. */
  async refund(order: Order): Promise<RefundReport> {
    const refundId = this.refunds.get(order.id) ?? `lre_${randomBytes(24).toString('base64url')}`;
    this.refunds.set(order.id, refundId);
    return { refundId, outcome: 'succeeded', failureReason: null };
  }
}

/** The payment id the local checkout records for a session it was paid through. */
export const localPaymentId = (sessionId: string) => `lpi_${sessionId.slice('lcs_'.length)}`;

export const isLocalSession = (order: Order | null): order is Order =>
  !!order?.checkout?.sessionId.startsWith('lcs_');
