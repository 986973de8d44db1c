import type { OrderEvent } from '../../domain/order-events.js';

/**
 * The events of one decided move (or placement) that some handler has not handled yet. `key` is
 * the storage's name for the record; `handled` lists `<eventId> <handler>` pairs already done.
 */
export type PendingMove = Readonly<{ key: string; events: readonly OrderEvent[]; handled: readonly string[] }>;

export type PendingQuery = Readonly<{
  limit: number;
  /** Only moves recorded before this instant (the periodic pass leaves fresh ones to the nudge). */
  before?: Date;
  /** Only these orders' moves. */
  orderIds?: readonly string[];
}>;

/**
 * The events stored by `Orders.add` and `Orders.transition`, for delivery and for history.
 * A move's events are visible here only once the move is decided, and stay until `settle`.
 */
export interface OrderEvents {
  /** Decided moves not yet settled, oldest first, at most `limit`. */
  pending(query: PendingQuery): Promise<PendingMove[]>;
  /** Notes that `handler` handled `eventId` of the move `key`. Idempotent. */
  markHandled(key: string, eventId: string, handler: string): Promise<void>;
  /** Every handler has the move's events (as `pending` gave them): it leaves `pending`, its events stay in `history`. Idempotent. */
  settle(move: PendingMove, at: Date): Promise<void>;
  /** Every event of the order, delivered or not, oldest first; `[]` for an unknown order. */
  history(orderId: string): Promise<OrderEvent[]>;
}

/**
 * Reacts to order events (counts them, sends a message, …). Delivery is at least once, so
 * `handle` must be idempotent per (event, handler): the event id names the move for good. A
 * handler that throws is retried on a later pass; the move itself stands.
 */
export interface OrderEventHandler {
  /** Stable: it keys the delivery marks, so renaming a handler redelivers what was pending. */
  readonly name: string;
  handle(event: OrderEvent): Promise<void>;
}

/** Asks for the events just stored to be delivered soon, without waiting for it. Never throws. */
export interface EventDelivery {
  nudge(orderIds: readonly string[]): void;
}
