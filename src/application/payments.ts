import { OrderNotFound, OrderNotPayable, PaymentAmountMismatch } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import { type Order, complete, expire, fail } from '../domain/order.js';
import type { Clock, Orders, PaymentGateway } from './ports/index.js';

/** Which order a provider report is about: our metadata first, the session id as a fallback. */
export type PaymentRef = Readonly<{ orderId: string | null; sessionId: string }>;

async function findOrder(orders: Orders, ref: PaymentRef): Promise<Order> {
  const order = (ref.orderId && (await orders.byId(ref.orderId))) || (await orders.byCheckoutSession(ref.sessionId));
  if (!order) throw new OrderNotFound();
  return order;
}

/**
 * Applies one state change atomically. When another process changed the order first, the stored
 * order is returned: every outcome handler is idempotent and safe to run concurrently.
 */
async function applyTransition(orders: Orders, order: Order, next: Order): Promise<Order> {
  if (next === order) return order;
  return (await orders.transition(order.id, order.status, next)) ?? (await orders.byId(order.id)) ?? order;
}

/**
 * Marks an order paid. Runs for the provider's webhook, the return page and the local checkout
 * alike; only the first report changes anything. A payment that does not match the order, or
 * that arrives for an order that already ended, is recorded on the order and rethrown.
 */
export class CompletePayment {
  constructor(
    private readonly orders: Orders,
    private readonly clock: Clock,
  ) {}

  async execute(ref: PaymentRef & { paid: Money }): Promise<Order> {
    const order = await findOrder(this.orders, ref);
    const at = this.clock.now();
    try {
      const result = await applyTransition(this.orders, order, complete(order, ref.paid, at));
      if (result.status !== 'completed') throw new OrderNotPayable(order.id, result.status);
      return result;
    } catch (error) {
      if (error instanceof PaymentAmountMismatch || error instanceof OrderNotPayable) {
        await this.orders.flagPaymentIssue(order.id, error.message, at);
      }
      throw error;
    }
  }
}

/** A failed payment ends a pending order; it never touches a completed one. */
export class FailPayment {
  constructor(
    private readonly orders: Orders,
    private readonly clock: Clock,
  ) {}

  async execute(ref: PaymentRef): Promise<Order> {
    const order = await findOrder(this.orders, ref);
    return applyTransition(this.orders, order, fail(order, this.clock.now()));
  }
}

/** An expired checkout ends a pending order; it never touches a completed one. */
export class ExpireCheckout {
  constructor(
    private readonly orders: Orders,
    private readonly clock: Clock,
  ) {}

  async execute(ref: PaymentRef): Promise<Order> {
    const order = await findOrder(this.orders, ref);
    return applyTransition(this.orders, order, expire(order, this.clock.now()));
  }
}

/**
 * The customer came back from the checkout page: ask the provider what happened and apply it
 * (Stripe's advice is to fulfil from the webhook *and* the return page, whichever is first).
 * Returns the order as it now stands.
 */
export class ConfirmCheckout {
  constructor(
    private readonly orders: Orders,
    private readonly payments: PaymentGateway,
    private readonly completePayment: CompletePayment,
    private readonly expireCheckout: ExpireCheckout,
  ) {}

  async execute(sessionId: string): Promise<Order> {
    const report = await this.payments.retrieveCheckout(sessionId);
    if (report?.outcome === 'paid' && report.amount) {
      try {
        return await this.completePayment.execute({ ...report, paid: report.amount });
      } catch (error) {
        if (!(error instanceof PaymentAmountMismatch || error instanceof OrderNotPayable)) throw error;
      }
    } else if (report?.outcome === 'expired') {
      return this.expireCheckout.execute(report);
    }
    return findOrder(this.orders, { orderId: report?.orderId ?? null, sessionId });
  }
}

/**
 * Ends pending orders that never got a checkout: the process died between saving the order and
 * storing its checkout session. Nobody could have paid them, so expiring them is safe.
 */
export class ExpireAbandonedOrders {
  constructor(
    private readonly orders: Orders,
    private readonly clock: Clock,
  ) {}

  async execute(olderThanMs: number): Promise<number> {
    const now = this.clock.now();
    const stale = await this.orders.pendingWithoutCheckout(new Date(now.getTime() - olderThanMs), 100);
    let expired = 0;
    for (const order of stale) {
      if (await this.orders.transition(order.id, 'pending', expire(order, now))) expired += 1;
    }
    return expired;
  }
}
