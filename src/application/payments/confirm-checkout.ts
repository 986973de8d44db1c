import { OrderNotFound } from '../../domain/errors.js';
import type { EventActor } from '../../domain/order-events.js';
import type { Order } from '../../domain/order.js';

const BY_RETURN_PAGE: EventActor = { kind: 'provider', id: 'return-page' };
import { type CompletePayment, confirmedBy, isRefusedPayment } from './complete-payment.js';
import type { ExpireCheckout } from './expire-checkout.js';
import type { Orders, PaymentGateway } from '../ports/index.js';

/**
 * The customer came back from the checkout page: if their order still waits, ask the provider
 * what happened and apply it (Stripe's advice: fulfil from the webhook *and* the return page,
 * whichever comes first). Only sessions of our own pending orders reach the provider, so the
 * public page cannot be used to spend the shop's API quota. Returns the order as it now stands.
 */
export class ConfirmCheckout {
  constructor(
    private readonly orders: Orders,
    private readonly payments: PaymentGateway,
    private readonly completePayment: CompletePayment,
    private readonly expireCheckout: ExpireCheckout,
  ) {}

  async execute(sessionId: string): Promise<Order> {
    const order = await this.orders.byCheckoutSession(sessionId);
    if (!order) throw new OrderNotFound();
    if (order.status !== 'pending') return order;
    const report = await this.payments.retrieveCheckout(sessionId);
    const ref = { orderId: order.id, sessionId };
    if (report?.outcome === 'paid') {
      try {
        return await this.completePayment.execute({ ...ref, ...confirmedBy(report) }, BY_RETURN_PAGE);
      } catch (error) {
        // Not lost: CompletePayment recorded it on the order (its paymentIssue, for a person to refund),
        // and the webhook for the same payment logs it. The customer sees the order as it stands.
        if (!(isRefusedPayment(error))) throw error;
      }
    } else if (report?.outcome === 'expired') {
      return this.expireCheckout.execute(ref, BY_RETURN_PAGE);
    }
    return (await this.orders.byId(order.id)) ?? order;
  }
}
