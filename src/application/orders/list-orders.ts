import type { Order } from '../../domain/order.js';
import type { Actor } from '../shared/actor.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { Orders } from '../ports/index.js';

export class ListOrders {
  constructor(private readonly orders: Orders) {}

  /** Only the caller's own orders, whatever the request says. */
  execute(actor: Actor, request: PageRequest): Promise<Page<Order>> {
    return paginate(request, (page) => this.orders.listByUser(actor.userId, page));
  }
}
