import { OrderNotPayable, PaymentAmountMismatch, ShippingAddressRefused } from '../../domain/errors.js';
import type { Money } from '../../domain/money.js';
import type { PriceBreakdown } from '../../domain/price-breakdown.js';
import { complete } from '../../domain/order.js';
import type { ConfirmedShipping } from '../../domain/shipping.js';
import type { Order } from '../../domain/order.js';
import type { EventActor } from '../../domain/order-events.js';
import type { OwnerAlerts } from '../messages/owner-alerts.js';
import type { OrderMoves } from '../orders/order-moves.js';
import { BY_WEBHOOK, type PaymentRef, findOrder } from './payment-ref.js';
import type { CheckoutReport, Clock, Orders } from '../ports/index.js';

/** A payment that was not applied, and is recorded on the order for a person: rethrown by `CompletePayment`, never worth a retry. */
export const isRefusedPayment = (error: unknown): error is Error =>
  error instanceof PaymentAmountMismatch || error instanceof OrderNotPayable || error instanceof ShippingAddressRefused;

/** What a provider's report confirms, in the terms of `CompletePayment.execute`. */
export const confirmedBy = (report: CheckoutReport) => ({
  paid: report.amount, breakdown: report.breakdown ?? null, paymentId: report.paymentId ?? null, shipping: report.shipping ?? null,
});

/**
 * Marks an order paid. Runs for the provider's webhook, the return page and the local checkout
 * alike; only the first report changes anything. A payment that does not match the order, one
 * reported without an amount, one for an order that already ended, a second payment through
 * another checkout, and one whose shipping address the picked option does not serve are recorded
 * on the order (for a person to refund) and rethrown.
 */
export class CompletePayment {
  constructor(
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly clock: Clock,
    /** The owner hears of every payment issue recorded here; `null`: nobody is told (unit tests). */
    private readonly alerts: OwnerAlerts | null = null,
  ) {}

  /**
   * `paid` and `breakdown`: the provider's confirmed figures (`breakdown` absent or `null` when it
   * reports only the total). `paymentId`: the provider's id of the payment, kept on the order for
   * refunds. `shipping`: the option picked and the address collected, for an order with a shipping step.
   * `by`: the channel the report came through.
   */
  async execute(
    ref: PaymentRef & { paid: Money | null; breakdown?: PriceBreakdown | null; paymentId?: string | null; shipping?: ConfirmedShipping | null },
    by: EventActor = BY_WEBHOOK,
  ): Promise<Order> {
    const order = await findOrder(this.orders, ref);
    const at = this.clock.now();
    try {
      if (!ref.paid) throw new PaymentAmountMismatch(`A payment was reported for checkout ${ref.sessionId} without an amount.`);
      if (order.status === 'completed' && order.checkout && order.checkout.sessionId !== ref.sessionId) {
        throw new OrderNotPayable(order.id, `already paid through checkout ${order.checkout.sessionId}; checkout ${ref.sessionId} paid it again`);
      }
      const payment = { paid: ref.paid, breakdown: ref.breakdown ?? null, paymentId: ref.paymentId ?? null, shipping: ref.shipping ?? null };
      const result = await this.moves.move(order, complete(order, payment, at), by);
      if (result.status !== 'completed') throw new OrderNotPayable(order.id, result.status);
      return result;
    } catch (error) {
      if (isRefusedPayment(error)) {
        await this.alerts?.paymentIssue(order.id, error.message);
        await this.orders.flagPaymentIssue(order.id, error.message, at);
      }
      throw error;
    }
  }
}
