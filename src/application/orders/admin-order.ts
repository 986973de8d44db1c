import type { Order } from '../../domain/order.js';
import type { Users } from '../ports/index.js';

/** An order as administrators see it: with who placed it (`email` null if the account is gone). */
export type AdminOrder = Readonly<{ order: Order; customer: Readonly<{ id: string; email: string | null }> }>;

export async function withCustomers(users: Users, orders: readonly Order[]): Promise<AdminOrder[]> {
  const found = await users.byIds([...new Set(orders.map((o) => o.userId))]);
  const emails = new Map(found.map((u) => [u.id, u.email]));
  return orders.map((order) => ({ order, customer: { id: order.userId, email: emails.get(order.userId) ?? null } }));
}
