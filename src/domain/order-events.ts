import type { Order, OrderStatus } from './order.js';

/** What happened to an order: one type per status it can enter (`placed` enters `pending`). */
export type OrderEventType = 'placed' | 'paid' | 'failed' | 'expired' | 'cancelled' | 'refunded';

/**
 * Who caused a move: a signed-in customer or administrator (by account id), the payment provider
 * (by the channel its report came through: `webhook`, `return-page`, `local-checkout`, …), or a
 * periodic job (by its name). Never an email or another piece of personal data.
 */
export type EventActor = Readonly<
  { kind: 'customer' | 'admin'; id: string } | { kind: 'provider'; id: string } | { kind: 'job'; id: string }
>;

/**
 * One move of one order, as it happened. `id` is `<orderId>.<type>`: an order enters each status
 * at most once (the state machine has no cycles), so the id names the move for good, and anything
 * keyed by it (a message, a delivery mark) cannot double.
 */
export type OrderEvent = Readonly<{
  id: string;
  type: OrderEventType;
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  actor: EventActor;
}>;

const TYPE_OF: Readonly<Record<OrderStatus, OrderEventType>> = {
  pending: 'placed',
  completed: 'paid',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
  refunded: 'refunded',
};

/** The event of `before` → `after`, or of placing `after` when `before` is null; at `after.updatedAt`. */
export function orderMoved(before: Order | null, after: Order, actor: EventActor): OrderEvent {
  const type = TYPE_OF[after.status];
  return { id: `${after.id}.${type}`, type, orderId: after.id, from: before?.status ?? null, to: after.status, at: after.updatedAt, actor };
}
