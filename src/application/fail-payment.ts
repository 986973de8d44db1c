import { type Order, fail } from '../domain/order.js';
import { type PaymentRef, applyTransition, findOrder } from './payment-ref.js';
import type { Clock, Orders } from './ports/index.js';

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
