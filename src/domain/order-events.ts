import type { FulfillmentStatus } from './fulfillment.js';
import type { Order, OrderStatus } from './order.js';

/**
 * What happened to an order: one type per status it can enter (`placed` enters `pending`), and
 * the fulfilment moves: `shipped`, `delivered`, and `tracking-updated` (new tracking details on a
 * shipped order; may happen several times).
 */
export type OrderEventType = 'placed' | 'paid' | 'failed' | 'expired' | 'cancelled' | 'refunded' | 'shipped' | 'delivered' | 'tracking-updated';

/**
 * What a fulfilment move changed, for those who act on it (the shipped email gives the tracking;
 * `notifyCustomer: false` asks for no message).
 */
export type FulfillmentChange = Readonly<{
  from: FulfillmentStatus;
  to: FulfillmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  notifyCustomer: boolean;
}>;

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
 * at most once (the state machine has no cycles), and is shipped and delivered at most once, so the
 * id names the move for good, and anything keyed by it (a message, a delivery mark) cannot double.
 * A tracking update can happen several times: its id is `<orderId>.tracking-updated.<version>`,
 * the order's fulfilment version it made. Fulfilment moves leave the payment status as it was
 * (`from` = `to`) and say what they changed in `fulfillment`.
 */
export type OrderEvent = Readonly<{
  id: string;
  type: OrderEventType;
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  actor: EventActor;
  fulfillment?: FulfillmentChange;
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

/** The event of a fulfilment move `before` → `after` (see `ship`, `deliver`); at `after.updatedAt`. */
export function fulfillmentMoved(before: Order, after: Order, actor: EventActor, notifyCustomer: boolean): OrderEvent {
  const { fulfillment: f } = after;
  const type: OrderEventType = f.status === 'delivered' ? 'delivered' : before.fulfillment.status === 'shipped' ? 'tracking-updated' : 'shipped';
  return {
    id: type === 'tracking-updated' ? `${after.id}.${type}.${f.version}` : `${after.id}.${type}`,
    type,
    orderId: after.id,
    from: before.status,
    to: after.status,
    at: after.updatedAt,
    actor,
    fulfillment: {
      from: before.fulfillment.status, to: f.status, carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl, notifyCustomer,
    },
  };
}
