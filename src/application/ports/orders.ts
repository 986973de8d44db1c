import type { OrderEvent } from '../../domain/order-events.js';
import type { Checkout, Order, OrderStatus, Refund } from '../../domain/order.js';
import type { PageQuery } from './pagination.js';

/** What a fulfilment move is conditional on: the payment status and the fulfilment version it read. */
export type FulfillmentState = Readonly<{ status: OrderStatus; version: number }>;

/** Which orders an administrator lists; an absent field filters nothing. */
export type OrderFilter = Readonly<{ status?: OrderStatus; userId?: string }>;

export interface Orders {
  /** `null` when absent. */
  byId(id: string): Promise<Order | null>;
  /** The order whose checkout has this session id (the newest, if several have); `null` when none has. */
  byCheckoutSession(sessionId: string): Promise<Order | null>;
  /** Stores a new order and the events of its placement, together: both or neither become visible (see `OrderEvents`). */
  add(order: Order, events: readonly OrderEvent[]): Promise<void>;
  /** The user's orders, newest first, see `PageQuery`. */
  listByUser(userId: string, query: PageQuery): Promise<Order[]>;
  /** Every customer's orders matching `filter`, newest first, see `PageQuery`. A malformed `userId` matches nothing. */
  list(filter: OrderFilter, query: PageQuery): Promise<Order[]>;
  /** The order paid by this provider payment (the newest, if several were); `null` when none was. */
  byPaymentId(paymentId: string): Promise<Order | null>;
  /**
   * Moves the order to `next` only if its stored status is still `from`. Atomic: of concurrent
   * transitions from one status exactly one wins. Writes only what a transition owns: `status`, `total` and
   * `breakdown` (a completion stores the confirmed figures), `shipping` when not null (a completion stores the option picked and the address), `completedAt`, `paymentIssue`, `paymentId` and `refund` each when not null in `next`, and
   * `updatedAt` (the later of the stored and `next`'s). Everything else is kept as stored, so a checkout attached or a
   * payment issue flagged after the caller read the order survives. Returns the order as stored
   * after the transition, or `null` if the order was not (or no longer) in `from`.
   * `events` are stored by the same write that decides the move: the winner's become pending in
   * `OrderEvents` (even if the process dies right after), a loser's are never stored.
   */
  transition(id: string, from: OrderStatus, next: Order, events: readonly OrderEvent[]): Promise<Order | null>;
  /**
   * Stores `next.fulfillment` only if the order's stored status and fulfilment version are still
   * `from`'s. Atomic: of concurrent changes from one (status, version), exactly one wins, also
   * against a concurrent `transition` (both are decided by the same guard on MongoDB). Writes only
   * `fulfillment` and `updatedAt` (the later of the stored and `next`'s). Returns the order as
   * stored afterwards, or `null` if it was not (or no longer) as `from` says. `events` are stored
   * by the same write, as for `transition`.
   */
  fulfil(id: string, from: FulfillmentState, next: Order, events: readonly OrderEvent[]): Promise<Order | null>;
  /**
   * The to-ship queue: `completed` orders whose fulfilment is `unfulfilled`, oldest first
   * (`createdAt`, then id), strictly after `query.after` in that order, at most `query.limit`.
   */
  toShip(query: PageQuery): Promise<Order[]>;
  /** Records where the customer pays, whatever the status (a fast webhook may have won already). */
  attachCheckout(id: string, checkout: Checkout, at: Date): Promise<void>;
  /** Records a refund asked of the provider, or its failure, on a `completed` order; changes nothing on any other. */
  recordRefund(id: string, refund: Refund, at: Date): Promise<void>;
  /**
   * Erases the shipping address of `userId`'s orders that no longer need one: every order but a
   * paid one still to ship (`completed`, fulfilment `unfulfilled`). Idempotent.
   */
  eraseAddresses(userId: string, at: Date): Promise<void>;
  /** Records why a payment report was not applied. */
  flagPaymentIssue(id: string, issue: string, at: Date): Promise<void>;
  /** Pending orders created before `cutoff` that never got a checkout (a crash between steps), oldest first. */
  pendingWithoutCheckout(cutoff: Date, limit: number): Promise<Order[]>;
  /**
   * Pending orders created before `cutoff` that have a checkout and no payment issue (those wait
   * for a person, not for the provider), oldest first (`createdAt`, then id), at most `limit`.
   * What reconciliation asks the payment provider about.
   */
  pendingWithCheckout(cutoff: Date, limit: number): Promise<Order[]>;
}
