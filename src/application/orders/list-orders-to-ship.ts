import { type AdminOrder, withCustomers } from './admin-order.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { Orders, Users } from '../ports/index.js';

/** The to-ship queue: paid orders that still need shipping, oldest first, each with its customer. */
export class ListOrdersToShip {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
  ) {}

  async execute(actor: Actor, request: PageRequest): Promise<Page<AdminOrder>> {
    await requireAdmin(this.users, actor);
    const page = await paginate('orders-to-ship', request, (query) => this.orders.toShip(query));
    return { items: await withCustomers(this.users, page.items), nextCursor: page.nextCursor };
  }
}
