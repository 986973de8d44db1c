import { type Order, fail } from '../../domain/order.js';
import type { EventActor } from '../../domain/order-events.js';
import type { OrderMoves } from '../orders/order-moves.js';
import { BY_WEBHOOK, type PaymentRef, findOrder } from './payment-ref.js';
import type { Clock, Orders, Stock } from '../ports/index.js';

/** A failed payment ends a pending order and gives its stock back; it never touches a completed one. */
export class FailPayment {
  constructor(
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly clock: Clock,
    private readonly stock: Stock,
  ) {}

  async execute(ref: PaymentRef, by: EventActor = BY_WEBHOOK): Promise<Order> {
    const order = await findOrder(this.orders, ref);
    const at = this.clock.now();
    // A crash between the transition and the release leaves units held: ReleaseStrandedStock gives them back.
    return this.moves.move(order, fail(order, at), by, () => this.stock.release(order.id, at));
  }
}
