import { OrderNotFound } from '../../domain/errors.js';
import type { EventActor } from '../../domain/order-events.js';
import type { Order } from '../../domain/order.js';
import type { Orders } from '../ports/orders.js';

/** Which order a provider report is about: our metadata first, the session id as a fallback. */
export type PaymentRef = Readonly<{ orderId: string | null; sessionId: string }>;

export async function findOrder(orders: Orders, ref: PaymentRef): Promise<Order> {
  const order = (ref.orderId && (await orders.byId(ref.orderId))) || (await orders.byCheckoutSession(ref.sessionId));
  if (!order) throw new OrderNotFound();
  return order;
}

/** Who reported a payment outcome when the caller does not say: the provider's webhook. */
export const BY_WEBHOOK: EventActor = { kind: 'provider', id: 'webhook' };
