import type { Order } from '../../domain/order.js';
import type { HeldReservation } from '../ports/stock-reservations.js';
import type { Clock, Orders, Stock, StockReservations } from '../ports/index.js';

/** Statuses whose order holds no stock. A refunded order keeps it unless the refund restocked. */
const ENDED = new Set<string>(['failed', 'expired', 'cancelled']);
const KEPT = new Set<string>(['completed', 'refunded']);

const holdsNoStock = (order: Order | null) =>
  !order || ENDED.has(order.status) || (order.status === 'refunded' && order.refund?.restock === true);

/**
 * Repairs what a failure leaves behind: a reservation whose order was never saved (a crash, or a
 * storage error while reserving: the units its changes took are given back), whose order ended
 * (failed, expired, cancelled, refunded with restock) before the stock was given back, or whose
 * release stopped midway. Releasing is exactly-once per line, so racing the normal path is
 * harmless. Reservations of completed orders are settled, so later runs skip them; pending orders
 * are left to their checkout's expiry.
 */
export class ReleaseStrandedStock {
  constructor(
    private readonly orders: Orders,
    private readonly stock: Stock,
    private readonly reservations: StockReservations,
    private readonly clock: Clock,
  ) {}

  /** Looks at reservations older than `olderThanMs`; returns how many it gave back. */
  async execute(olderThanMs: number, maxBatches = 10): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - olderThanMs);
    let released = 0;
    let after: HeldReservation | undefined;
    for (let batch = 0; batch < maxBatches; batch++) {
      const held = await this.reservations.unsettled(cutoff, 100, after);
      for (const reservation of held) {
        const order = await this.orders.byId(reservation.orderId);
        if (holdsNoStock(order)) {
          if (await this.stock.release(reservation.orderId, now)) released += 1;
          else await this.reservations.settle(reservation.orderId, now); // nothing held any more, or a release to finish
        } else if (KEPT.has(order!.status)) await this.reservations.settle(reservation.orderId, now);
      }
      if (held.length < 100) break;
      after = held.at(-1);
    }
    return released;
  }
}
