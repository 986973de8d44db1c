import type { Order, OrderStatus } from '../../domain/order.js';
import type { Actor } from '../shared/actor.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { Orders } from '../ports/index.js';

export class ListOrders {
  constructor(private readonly orders: Orders) {}

  /** Only the caller's own orders, whatever the request says; those in `status` when given. */
  execute(actor: Actor, request: PageRequest & { status?: OrderStatus }): Promise<Page<Order>> {
    return paginate('orders', request, (page) =>
      request.status === undefined
        ? this.orders.listByUser(actor.userId, page)
        : this.orders.list({ userId: actor.userId, status: request.status }, page));
  }
}
