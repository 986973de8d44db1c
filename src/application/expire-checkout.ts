import { type Order, expire } from '../domain/order.js';
import { type PaymentRef, applyTransition, findOrder } from './payment-ref.js';
import type { Clock, Orders } from './ports/index.js';

/** An expired (or cancelled) checkout ends a pending order; it never touches a completed one. */
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
