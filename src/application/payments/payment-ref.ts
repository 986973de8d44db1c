import { OrderNotFound } from '../../domain/errors.js';
import type { Order } from '../../domain/order.js';
import type { Orders } from '../ports/orders.js';

/** Which order a provider report is about: our metadata first, the session id as a fallback. */
export type PaymentRef = Readonly<{ orderId: string | null; sessionId: string }>;

export async function findOrder(orders: Orders, ref: PaymentRef): Promise<Order> {
  const order = (ref.orderId && (await orders.byId(ref.orderId))) || (await orders.byCheckoutSession(ref.sessionId));
  if (!order) throw new OrderNotFound();
  return order;
}

/**
 * Applies one state change atomically. When another process changed the order first, the stored
 * order is returned: every outcome handler is idempotent and safe to run concurrently. `won` runs
 * only for the caller whose transition won (e.g. giving the stock back, exactly once).
 */
export async function applyTransition(
  orders: Orders,
  order: Order,
  next: Order,
  won?: (moved: Order) => Promise<unknown>,
): Promise<Order> {
  if (next === order) return order;
  const moved = await orders.transition(order.id, order.status, next);
  if (moved) {
    await won?.(moved);
    return moved;
  }
  return (await orders.byId(order.id)) ?? order;
}
