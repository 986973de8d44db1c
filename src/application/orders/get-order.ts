import { OrderNotFound } from '../../domain/errors.js';
import type { Order } from '../../domain/order.js';
import type { Actor } from '../shared/actor.js';
import type { Orders } from '../ports/index.js';

export class GetOrder {
  constructor(private readonly orders: Orders) {}

  /** Someone else's order is reported exactly like a missing one. */
  async execute(actor: Actor, id: string): Promise<Order> {
    const order = await this.orders.byId(id);
    if (!order || order.userId !== actor.userId) throw new OrderNotFound();
    return order;
  }
}
