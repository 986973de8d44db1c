import Stripe from 'stripe';
import type { CheckoutReport, CheckoutRequest, PaymentGateway, RefundReport } from '../../application/ports/payment-gateway.js';
import { PaymentProviderFailed, PaymentProviderUnavailable } from '../../domain/errors.js';
import type { Checkout, Order } from '../../domain/order.js';
import type { OrderShipping, ShippingRate } from '../../domain/shipping.js';
import { confirmedAmounts, confirmedShipping } from './amounts.js';

/**
 * The API version this code was written and tested against: the one stripe-node 23.1.0 declares.
 * Pinned here rather than read from the package, so an SDK upgrade cannot change what the
 * account sees without someone editing this line (a test compares it with the SDK's).
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

export type StripeGatewayOptions = Readonly<{
  secretKey: string;
  /** Another API host, e.g. `http://127.0.0.1:12111` for stripe-mock (STRIPE_API_URL). */
  apiUrl?: string;
  /** Where Stripe sends the customer after paying; must contain `{CHECKOUT_SESSION_ID}`. */
  successUrl: string;
  /** Where Stripe sends a customer who gives up; `order_id=<id>` is added to its query. */
  cancelUrl: string;
  /** Per attempt. stripe-node's default (80 s) is far too long for a request path. */
  timeoutMs?: number;
  /** Retries of timeouts, connection errors, 409 and 5xx, with the same idempotency key. */
  maxNetworkRetries?: number;
  /** Lets the customer type a promotion code made in the Dashboard (STRIPE_ALLOW_PROMOTION_CODES). */
  allowPromotionCodes?: boolean;
  /** Stripe Tax adds tax on top of our prices (STRIPE_AUTOMATIC_TAX): prices and shipping are sent tax-exclusive. */
  automaticTax?: boolean;
}>;

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/** The key Stripe uses to return the same session however often creation is retried (kept ≥ 24 h). */
export function checkoutIdempotencyKey(orderId: string): string {
  return `checkout-session:${orderId}`;
}

/** Stripe returns the same refund however often it is asked with this key (kept ≥ 24 h): never two refunds. */
export function refundIdempotencyKey(orderId: string): string {
  return `refund:${orderId}`;
}

/**
 * Stripe Checkout behind our `PaymentGateway` port. Every Stripe type and error stays in this
 * file: failures leave as `PaymentProviderUnavailable` (worth retrying later) or
 * `PaymentProviderFailed` (Stripe refused the request), with the Stripe details as `cause`.
 */
export class StripePaymentGateway implements PaymentGateway {
  readonly name = 'stripe';
  readonly description = 'Stripe Checkout';
  readonly movesMoney = true;
  readonly servesCheckoutPages = false;
  /** Webhooks can be lost; a session's state can always be asked for. */
  readonly reconcilable = true;
  private readonly stripe: Stripe;
  private readonly deadlineMs: number;

  constructor(private readonly options: StripeGatewayOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    const maxNetworkRetries = options.maxNetworkRetries ?? 1;
    if (!options.successUrl.includes('{CHECKOUT_SESSION_ID}')) {
      throw new Error('successUrl must contain {CHECKOUT_SESSION_ID}.');
    }
    this.stripe = new Stripe(options.secretKey, {
      apiVersion: STRIPE_API_VERSION,
      timeout,
      maxNetworkRetries,
      telemetry: false,
      ...(options.apiUrl ? parseApiUrl(options.apiUrl) : {}),
    });
    // The SDK's timeout is per socket inactivity; a server that trickles bytes never trips it.
    // This bounds the whole call: every attempt, plus the SDK's back-off (0.5 s, doubling, ≤ 5 s).
    let backoffMs = 0;
    for (let retry = 0; retry < maxNetworkRetries; retry += 1) backoffMs += Math.min(500 * 2 ** retry, 5_000);
    this.deadlineMs = timeout * (maxNetworkRetries + 1) + backoffMs + 250;
  }

  /**
   * With a shipping step, Checkout collects an address in the order's allowed countries only and
   * offers exactly the order's options (each a `shipping_rate_data` whose metadata names our
   * option; the session's `metadata.shippingOptionIds` lists them in the order sent, so a webhook,
   * which carries only the rate's id, still tells which was picked).
   */
  async startCheckout({ order, customerEmail }: CheckoutRequest): Promise<Checkout> {
    const { currency } = order.total;
    const taxBehavior = this.options.automaticTax ? { tax_behavior: 'exclusive' as const } : {};
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: order.items.map((item) => ({
        price_data: {
          currency,
          unit_amount: item.unitAmount,
          product_data: { name: item.name, ...(item.imageUrl && { images: [item.imageUrl] }) },
          ...taxBehavior,
        },
        quantity: item.quantity,
      })),
      client_reference_id: order.id,
      metadata: { orderId: order.id, ...(order.shipping && { shippingOptionIds: order.shipping.offered.map((r) => r.optionId).join(',') }) },
      customer_email: customerEmail,
      success_url: this.options.successUrl,
      cancel_url: cancelUrlFor(this.options.cancelUrl, order.id),
      ...(order.shipping && shippingParams(order.shipping, currency, taxBehavior)),
      ...(this.options.allowPromotionCodes && { allow_promotion_codes: true }),
      ...(this.options.automaticTax && { automatic_tax: { enabled: true } }),
    };
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(params, { idempotencyKey: checkoutIdempotencyKey(order.id) }),
    );
    if (!session.url) throw new PaymentProviderFailed('Stripe created a checkout session without a payment page URL.');
    return { sessionId: session.id, url: session.url };
  }

  async retrieveCheckout(sessionId: string): Promise<CheckoutReport | null> {
    // The id comes from a query string; anything that is not a session id is not worth a request.
    if (!SESSION_ID.test(sessionId)) return null;
    try {
      // The payment intent comes in the same request: it tells a failed delayed payment from a pending one.
      // And the shipping rate picked, whose metadata names our option.
      return toReport(await this.call(() => this.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent', 'shipping_cost.shipping_rate'] })));
    } catch (error) {
      if (error instanceof PaymentProviderFailed && isResourceMissing(error.cause)) return null;
      throw error;
    }
  }

  /**
   * Expires the session so it can no longer be paid. Stripe refuses to expire a session that is
   * not open; then the session is read back, and its report says whether it was paid (or is
   * awaiting a delayed payment) or had expired already.
   */
  async cancelCheckout(sessionId: string): Promise<CheckoutReport> {
    if (!SESSION_ID.test(sessionId)) throw new PaymentProviderFailed(`${sessionId} is not a Stripe Checkout Session id.`);
    try {
      return toReport(await this.call(() => this.stripe.checkout.sessions.expire(sessionId)));
    } catch (error) {
      if (!(error instanceof PaymentProviderFailed) || isResourceMissing(error.cause)) throw error;
      const session = await this.call(() => this.stripe.checkout.sessions.retrieve(sessionId));
      if (session.status === 'open') throw error;
      return toReport(session);
    }
  }

  /** A full refund of the order's payment intent; `metadata.orderId` ties Stripe's refund events to the order. */
  async refund(order: Order): Promise<RefundReport> {
    const paymentIntent = order.paymentId;
    if (!paymentIntent) throw new PaymentProviderFailed(`Order ${order.id} has no recorded payment to refund.`);
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        { payment_intent: paymentIntent, metadata: { orderId: order.id } },
        { idempotencyKey: refundIdempotencyKey(order.id) },
      ),
    );
    return toRefundReport(refund);
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PaymentProviderUnavailable(`Stripe did not answer within ${this.deadlineMs} ms.`)),
        this.deadlineMs,
      );
    });
    try {
      return await Promise.race([request().catch((error: unknown) => Promise.reject(translate(error))), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}

type AllowedCountry = Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry;

function shippingParams(
  shipping: OrderShipping, currency: string, taxBehavior: { tax_behavior?: 'exclusive' },
): Pick<Stripe.Checkout.SessionCreateParams, 'shipping_address_collection' | 'shipping_options'> {
  return {
    // Our countries are a subset of Stripe's (src/domain/countries.ts; tests/unit/adapters/stripe/countries.test.ts).
    shipping_address_collection: { allowed_countries: shipping.countries as AllowedCountry[] },
    shipping_options: shipping.offered.map((rate) => ({ shipping_rate_data: rateData(rate, currency, taxBehavior) })),
  };
}

function rateData(rate: ShippingRate, currency: string, taxBehavior: { tax_behavior?: 'exclusive' }) {
  const days = (value: number | null) => (value === null ? undefined : { unit: 'business_day' as const, value });
  const [minimum, maximum] = [days(rate.minDays), days(rate.maxDays)];
  return {
    type: 'fixed_amount' as const,
    fixed_amount: { amount: rate.amount, currency },
    display_name: rate.name,
    ...((minimum || maximum) && { delivery_estimate: { ...(minimum && { minimum }), ...(maximum && { maximum }) } }),
    metadata: { shippingOptionId: rate.optionId },
    ...taxBehavior,
  };
}

function cancelUrlFor(base: string, orderId: string): string {
  const url = new URL(base);
  url.searchParams.set('order_id', orderId);
  return url.toString();
}

function toReport(session: Stripe.Checkout.Session): CheckoutReport {
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  const intent = session.payment_intent;
  const intentObject = typeof intent === 'object' ? intent : null;
  // A completed session whose delayed payment bounced: the intent wants a new payment method.
  const failed = session.status === 'complete' && !paid && (intentObject?.status === 'requires_payment_method' || intentObject?.status === 'canceled');
  return {
    sessionId: session.id,
    orderId: session.metadata?.orderId || session.client_reference_id || null,
    outcome: paid ? 'paid' : session.status === 'expired' ? 'expired' : failed ? 'failed' : session.status === 'complete' ? 'awaiting-payment' : 'unpaid',
    paymentId: (typeof intent === 'string' ? intent : intent?.id) ?? null,
    ...confirmedAmounts(session),
    shipping: confirmedShipping(session),
  };
}

/** `requires_action` and `pending` end later, reported by `refund.updated` / `charge.refunded`. */
export function toRefundReport(refund: Pick<Stripe.Refund, 'id' | 'status' | 'failure_reason'>): RefundReport {
  const outcome = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';
  return {
    refundId: refund.id,
    outcome,
    failureReason: outcome === 'failed' ? (refund.failure_reason ?? refund.status ?? 'unknown') : null,
  };
}

/** The SDK wants host, port and protocol separately; its base path is fixed at `/v1/`. */
function parseApiUrl(apiUrl: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`STRIPE_API_URL must be http(s): ${apiUrl}`);
  if (url.pathname !== '/' || url.search || url.username) throw new Error(`STRIPE_API_URL must be an origin only: ${apiUrl}`);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  };
}

/** The details of a Stripe failure, as a plain Error for logs: type, status, code and request id. */
class StripeFailure extends Error {
  override readonly name = 'StripeFailure';
  constructor(
    readonly type: string,
    readonly statusCode: number | null,
    readonly stripeCode: string | null,
    readonly requestId: string | null,
    message: string,
  ) {
    super(`${type}${statusCode ? ` ${statusCode}` : ''}${stripeCode ? ` ${stripeCode}` : ''}: ${message}`);
  }
}

function isResourceMissing(cause: unknown): boolean {
  return cause instanceof StripeFailure && cause.statusCode === 404;
}

/**
 * Connection errors, timeouts, 409 (a concurrent request with the same key), 429 and 5xx are
 * worth retrying later; any other answer from Stripe is a refusal. Messages stay generic because
 * callers may show them; the specifics travel in `cause`.
 */
function translate(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const status = typeof error.statusCode === 'number' ? error.statusCode : null;
  const cause = new StripeFailure(error.type, status, error.code ?? null, error.requestId ?? null, error.message);
  const transient =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error instanceof Stripe.errors.StripeAPIError && status === null) || // unreadable answer, e.g. a proxy's 502 page
    status === 409 || status === 429 || (status !== null && status >= 500);
  return transient
    ? new PaymentProviderUnavailable('The payment provider is unavailable. Try again later.', { cause })
    : new PaymentProviderFailed('The payment provider refused the request.', { cause });
}
