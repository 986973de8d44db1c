import { OrderNotFound } from '../../domain/errors.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { OrderEvents, Orders, Users } from '../ports/index.js';
import { type Actor, requireAdmin } from '../shared/actor.js';

/** What happened to an order, who caused it and when, oldest first: for administrators. */
export class GetOrderHistory {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
    private readonly events: OrderEvents,
  ) {}

  async execute(actor: Actor, orderId: string): Promise<OrderEvent[]> {
    await requireAdmin(this.users, actor);
    if (!(await this.orders.byId(orderId))) throw new OrderNotFound();
    return this.events.history(orderId);
  }
}
