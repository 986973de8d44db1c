import { OrderNotFound, RefundFailed } from '../../domain/errors.js';
import { type Order, assertRefundable, refundRequested } from '../../domain/order.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { CompleteRefund } from './complete-refund.js';
import type { FailRefund } from './fail-refund.js';
import type { Clock, Orders, PaymentGateway, Users } from '../ports/index.js';

export type RefundOrderInput = Readonly<{ restock: boolean }>;

/**
 * An administrator refunds a completed order in full. The order becomes `refunded` as soon as the
 * provider says the money went back: at once, or later through its webhook (the order stays
 * `completed` with a pending refund meanwhile). A provider error changes nothing; a refund the
 * provider reports as failed is recorded on the order and thrown as `RefundFailed`.
 */
export class RefundOrder {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
    private readonly payments: PaymentGateway,
    private readonly completeRefund: CompleteRefund,
    private readonly failRefund: FailRefund,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, id: string, input: RefundOrderInput): Promise<Order> {
    await requireAdmin(this.users, actor);
    const order = await this.orders.byId(id);
    if (!order) throw new OrderNotFound();
    assertRefundable(order);
    const report = await this.payments.refund(order);
    if (order.refund?.status === 'failed' && report.refundId === order.refund.id) {
      // The provider replays its answer for the same idempotency key (Stripe: 24 h): no new refund was made.
      throw new RefundFailed(`The payment provider answered with refund ${report.refundId} again, which failed; try again later or refund it in the provider's dashboard.`);
    }
    switch (report.outcome) {
      case 'succeeded':
        return this.completeRefund.apply(order, report.refundId, input.restock, { kind: 'admin', id: actor.userId });
      case 'pending': {
        const pending = refundRequested(order, report.refundId, input.restock, this.clock.now());
        await this.orders.recordRefund(order.id, pending.refund!, pending.updatedAt);
        return (await this.orders.byId(order.id)) ?? pending;
      }
      case 'failed': {
        const reason = report.failureReason ?? 'unknown';
        await this.failRefund.apply(order, report.refundId, reason, input.restock);
        throw new RefundFailed(`The payment provider could not refund order ${order.id} (${reason}); see the order's paymentIssue.`);
      }
    }
  }
}
