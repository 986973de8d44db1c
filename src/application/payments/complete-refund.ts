import { OrderNotFound } from '../../domain/errors.js';
import { type Order, refund } from '../../domain/order.js';
import type { EventActor } from '../../domain/order-events.js';
import type { OrderMoves } from '../orders/order-moves.js';
import { BY_WEBHOOK } from './payment-ref.js';
import type { Clock, Orders } from '../ports/index.js';
import type { Stock } from '../ports/stock.js';

/** Which order a refund report is about: our metadata first, the payment as a fallback. */
export type RefundRef = Readonly<{ orderId: string | null; paymentId: string | null; refundId: string }>;

export async function findRefundedOrder(orders: Orders, ref: RefundRef): Promise<Order> {
  const order =
    (ref.orderId && (await orders.byId(ref.orderId))) || (ref.paymentId && (await orders.byPaymentId(ref.paymentId))) || null;
  if (!order) throw new OrderNotFound();
  return order;
}

/**
 * The money went back: the order becomes `refunded` (once, whoever reports it first: the refund
 * request itself or the provider's webhook) and, when a restock was asked, its stock is given
 * back. Idempotent; the stock is given back at most once (`Stock.release`).
 */
export class CompleteRefund {
  constructor(
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly stock: Stock,
    private readonly clock: Clock,
  ) {}

  async execute(ref: RefundRef, restock?: boolean, by: EventActor = BY_WEBHOOK): Promise<Order> {
    return this.apply(await findRefundedOrder(this.orders, ref), ref.refundId, restock, by);
  }

  async apply(order: Order, refundId: string, restock: boolean | undefined, by: EventActor): Promise<Order> {
    const at = this.clock.now();
    const result = await this.moves.move(order, refund(order, refundId, at, restock), by);
    if (result.status === 'refunded' && result.refund?.restock) await this.stock.release(result.id, this.clock.now());
    return result;
  }
}
