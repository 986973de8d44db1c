import { OrderNotCancellable, OrderNotFound, PaymentProviderFailed } from '../../domain/errors.js';
import { type Order, cancel } from '../../domain/order.js';
import type { Actor } from '../shared/actor.js';
import { type CompletePayment, confirmedBy, isRefusedPayment } from '../payments/complete-payment.js';
import type { EventActor } from '../../domain/order-events.js';
import type { OrderMoves } from './order-moves.js';
import type { Clock, Orders, PaymentGateway } from '../ports/index.js';
import type { Stock } from '../ports/stock.js';

/**
 * The customer calls off an order they have not paid. With a checkout, the provider closes it
 * first, so nobody can pay it after it was cancelled; if it was paid meanwhile, that payment is
 * applied (as the return page would) and the order is not cancellable. Then the order becomes
 * `cancelled` and its stock is given back. A failure before the transition changes nothing here.
 */
export class CancelOrder {
  constructor(
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly payments: PaymentGateway,
    private readonly stock: Stock,
    private readonly completePayment: CompletePayment,
    private readonly clock: Clock,
  ) {}

  /** Someone else's order is reported exactly like a missing one. */
  async execute(actor: Actor, id: string): Promise<Order> {
    const order = await this.orders.byId(id);
    if (!order || order.userId !== actor.userId) throw new OrderNotFound();
    return this.cancel(order, { kind: 'customer', id: actor.userId });
  }

  /**
   * For callers that established the right to cancel otherwise (the local checkout page, whose
   * session id is the credential). Idempotent: a cancelled order is returned as it is, and its
   * stock given back if a crash had kept it.
   */
  async cancel(order: Order, by: EventActor): Promise<Order> {
    cancel(order, this.clock.now()); // refuses completed, failed and expired orders before asking the provider
    if (order.status === 'pending' && order.checkout) await this.closeCheckout(order, order.checkout.sessionId, by);
    const result = await this.moves.move(order, cancel(order, this.clock.now()), by);
    if (result.status !== 'cancelled') throw new OrderNotCancellable(order.id, result.status);
    await this.stock.release(order.id, this.clock.now());
    return result;
  }

  private async closeCheckout(order: Order, sessionId: string, by: EventActor): Promise<void> {
    const report = await this.payments.cancelCheckout(sessionId);
    switch (report.outcome) {
      case 'expired':
      case 'failed': // its delayed payment bounced: the session can no longer be paid
        return;
      case 'paid':
        await this.completePayment
          .execute({ orderId: order.id, sessionId, ...confirmedBy(report) }, { kind: 'provider', id: `cancel by ${by.kind}` })
          .catch((error: unknown) => {
            // Recorded on the order by CompletePayment, for a person to refund.
            if (!(isRefusedPayment(error))) throw error;
          });
        throw new OrderNotCancellable(order.id, 'paid already');
      case 'awaiting-payment':
        throw new OrderNotCancellable(order.id, 'being paid (the payment has not settled yet)');
      case 'unpaid':
        throw new PaymentProviderFailed('The payment provider did not close the checkout.');
    }
  }
}
