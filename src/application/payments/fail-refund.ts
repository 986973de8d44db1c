import { type Order, refundFailed } from '../../domain/order.js';
import type { OwnerAlerts } from '../messages/owner-alerts.js';
import { type RefundRef, findRefundedOrder } from './complete-refund.js';
import type { Clock, Orders } from '../ports/index.js';

/**
 * The provider could not return the money. The order keeps its status (the customer still paid)
 * and records why, for a person to act on; a new refund may be asked for.
 */
export class FailRefund {
  constructor(
    private readonly orders: Orders,
    private readonly clock: Clock,
    /** The owner hears of every failed refund; `null`: nobody is told (unit tests). */
    private readonly alerts: OwnerAlerts | null = null,
  ) {}

  async execute(ref: RefundRef & { reason: string }): Promise<Order> {
    return this.apply(await findRefundedOrder(this.orders, ref), ref.refundId, ref.reason);
  }

  async apply(order: Order, refundId: string, reason: string, restock?: boolean): Promise<Order> {
    const failed = refundFailed(order, refundId, reason, this.clock.now(), restock);
    // Only on a completed order: a refund that succeeded already (an out-of-order report) is not undone.
    await this.orders.recordRefund(order.id, failed.refund!, failed.updatedAt);
    await this.alerts?.paymentIssue(order.id, failed.paymentIssue!);
    await this.orders.flagPaymentIssue(order.id, failed.paymentIssue!, failed.updatedAt);
    return (await this.orders.byId(order.id)) ?? failed;
  }
}
