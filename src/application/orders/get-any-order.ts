import { OrderNotFound } from '../../domain/errors.js';
import { type AdminOrder, withCustomers } from './admin-order.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { Orders, Users } from '../ports/index.js';

/** Any order, whoever placed it. */
export class GetAnyOrder {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
  ) {}

  async execute(actor: Actor, id: string): Promise<AdminOrder> {
    await requireAdmin(this.users, actor);
    const order = await this.orders.byId(id);
    if (!order) throw new OrderNotFound();
    const [one] = await withCustomers(this.users, [order]);
    return one!;
  }
}
