import { deliver } from '../../domain/order-fulfillment.js';
import { type AdminOrder, withCustomers } from './admin-order.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { Clock, Orders, Users } from '../ports/index.js';
import type { OrderMoves } from './order-moves.js';
import { fulfilWithRetry } from './ship-order.js';

/** An admin records that a shipped order arrived (`POST /api/admin/orders/:id/delivered`). Idempotent. */
export class MarkDelivered {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, id: string): Promise<AdminOrder> {
    await requireAdmin(this.users, actor);
    const order = await fulfilWithRetry(
      this.orders, id,
      (order) => deliver(order, this.clock.now()),
      (order, next) => this.moves.fulfil(order, next, { kind: 'admin', id: actor.userId }),
    );
    return (await withCustomers(this.users, [order]))[0]!;
  }
}
