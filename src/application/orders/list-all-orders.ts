import { type AdminOrder, withCustomers } from './admin-order.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { OrderFilter, Orders, Users } from '../ports/index.js';

/** Every customer's orders, newest first, each with its customer; one user lookup per page. */
export class ListAllOrders {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
  ) {}

  async execute(actor: Actor, filter: OrderFilter, request: PageRequest): Promise<Page<AdminOrder>> {
    await requireAdmin(this.users, actor);
    const page = await paginate('admin-orders', request, (query) => this.orders.list(filter, query));
    return { items: await withCustomers(this.users, page.items), nextCursor: page.nextCursor };
  }
}
