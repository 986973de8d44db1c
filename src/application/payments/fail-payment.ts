import { type Order, fail } from '../../domain/order.js';
import { type PaymentRef, applyTransition, findOrder } from './payment-ref.js';
import type { Clock, Orders, Stock } from '../ports/index.js';

/** A failed payment ends a pending order and gives its stock back; it never touches a completed one. */
export class FailPayment {
  constructor(
    private readonly orders: Orders,
    private readonly clock: Clock,
    private readonly stock: Stock,
  ) {}

  async execute(ref: PaymentRef): Promise<Order> {
    const order = await findOrder(this.orders, ref);
    const at = this.clock.now();
    // A crash between the transition and the release leaves units held: ReleaseStrandedStock gives them back.
    return applyTransition(this.orders, order, fail(order, at), () => this.stock.release(order.id, at));
  }
}
