import { expire } from '../../domain/order.js';
import type { OrderMoves } from '../orders/order-moves.js';
import type { Clock, Orders, Stock } from '../ports/index.js';

/**
 * Ends pending orders that never got a checkout: the process died between saving the order and
 * storing its checkout session. Nobody was shown a way to pay them, so expiring them is safe.
 */
export class ExpireAbandonedOrders {
  constructor(
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly clock: Clock,
    private readonly stock: Stock,
  ) {}

  async execute(olderThanMs: number): Promise<number> {
    const now = this.clock.now();
    const stale = await this.orders.pendingWithoutCheckout(new Date(now.getTime() - olderThanMs), 100);
    let expired = 0;
    for (const order of stale) {
      await this.moves.move(order, expire(order, now), { kind: 'job', id: 'expire-abandoned-orders' }, async () => {
        expired += 1;
        await this.stock.release(order.id, now);
      });
    }
    return expired;
  }
}
