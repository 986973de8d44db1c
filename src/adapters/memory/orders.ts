import type { PageQuery } from '../../application/ports/pagination.js';
import type { FulfillmentState, OrderFilter, Orders } from '../../application/ports/orders.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { Checkout, Order, OrderStatus, Refund } from '../../domain/order.js';
import { MemoryOrderEvents } from './order-events.js';
import { needsAddress } from '../../domain/order-fulfillment.js';
import { Orderings, orderingKey } from './orderings.js';
import { copy } from './page.js';

/**
 * The orderings an order is listed under: one per `OrderFilter` shape (all, a user's, a status's,
 * a user's in a status), the two reconciliation queues, and its checkout session and payment, so
 * those lookups are a page of one rather than a scan.
 */
const keysOf = (o: Order): string[] => [
  orderingKey(),
  orderingKey('user', o.userId),
  orderingKey('status', o.status),
  orderingKey('user', o.userId, 'status', o.status),
  ...(o.status === 'pending' && o.checkout === null ? [orderingKey('pending without checkout')] : []),
  ...(o.status === 'pending' && o.checkout !== null && o.paymentIssue === null ? [orderingKey('pending with checkout')] : []),
  ...(o.status === 'completed' && o.fulfillment.status === 'unfulfilled' ? [orderingKey('to ship')] : []),
  ...(o.checkout ? [orderingKey('session', o.checkout.sessionId)] : []),
  ...(o.paymentId !== null ? [orderingKey('payment', o.paymentId)] : []),
];

function keyFor(filter: OrderFilter): string {
  if (filter.userId !== undefined && filter.status !== undefined) return orderingKey('user', filter.userId, 'status', filter.status);
  if (filter.userId !== undefined) return orderingKey('user', filter.userId);
  if (filter.status !== undefined) return orderingKey('status', filter.status);
  return orderingKey();
}

/** Lists and lookups are pages of kept orderings (see `Orderings`): O(log n + limit), never a scan. */
export class MemoryOrders implements Orders {
  private readonly rows = new Map<string, Order>();
  private readonly orderings = new Orderings<Order>(keysOf);

  constructor(readonly events = new MemoryOrderEvents()) {}

  async byId(id: string): Promise<Order | null> {
    const order = this.rows.get(id);
    return order ? copy(order) : null;
  }

  async byCheckoutSession(sessionId: string): Promise<Order | null> {
    return this.newest(orderingKey('session', sessionId));
  }

  async add(order: Order, events: readonly OrderEvent[]): Promise<void> {
    this.store(copy(order));
    this.events.record(events);
  }

  async listByUser(userId: string, query: PageQuery): Promise<Order[]> {
    return this.page(orderingKey('user', userId), query);
  }

  async list(filter: OrderFilter, query: PageQuery): Promise<Order[]> {
    return this.page(keyFor(filter), query);
  }

  async byPaymentId(paymentId: string): Promise<Order | null> {
    return this.newest(orderingKey('payment', paymentId));
  }

  async transition(id: string, from: OrderStatus, next: Order, events: readonly OrderEvent[]): Promise<Order | null> {
    const order = this.rows.get(id);
    if (order?.status !== from) return null;
    const stored = copy({
      ...order,
      status: next.status,
      total: next.total,
      breakdown: next.breakdown,
      shipping: next.shipping ?? order.shipping,
      completedAt: next.completedAt,
      paymentIssue: next.paymentIssue ?? order.paymentIssue,
      paymentId: next.paymentId ?? order.paymentId,
      refund: next.refund ?? order.refund,
      updatedAt: next.updatedAt > order.updatedAt ? next.updatedAt : order.updatedAt,
    });
    this.store(stored);
    this.events.record(events);
    return copy(stored);
  }

  async fulfil(id: string, from: FulfillmentState, next: Order, events: readonly OrderEvent[]): Promise<Order | null> {
    const order = this.rows.get(id);
    if (!order || order.status !== from.status || order.fulfillment.version !== from.version) return null;
    const stored = copy({ ...order, fulfillment: next.fulfillment, updatedAt: next.updatedAt > order.updatedAt ? next.updatedAt : order.updatedAt });
    this.store(stored);
    this.events.record(events);
    return copy(stored);
  }

  async toShip(query: PageQuery): Promise<Order[]> {
    return this.orderings.oldestAfter(orderingKey('to ship'), query).map((id) => copy(this.rows.get(id)!));
  }

  async attachCheckout(id: string, checkout: Checkout, at: Date): Promise<void> {
    this.patch(id, { checkout, updatedAt: at });
  }

  async recordRefund(id: string, refund: Refund, at: Date): Promise<void> {
    if (this.rows.get(id)?.status === 'completed') this.patch(id, { refund, updatedAt: at });
  }

  async eraseAddresses(userId: string, at: Date): Promise<void> {
    for (const order of this.rows.values()) {
      if (order.userId !== userId || !order.shipping?.address || needsAddress(order)) continue;
      this.patch(order.id, { shipping: { ...order.shipping, address: null }, updatedAt: at });
    }
  }

  async flagPaymentIssue(id: string, issue: string, at: Date): Promise<void> {
    this.patch(id, { paymentIssue: issue, updatedAt: at });
  }

  async pendingWithoutCheckout(cutoff: Date, limit: number): Promise<Order[]> {
    return this.oldest(orderingKey('pending without checkout'), cutoff, limit);
  }

  async pendingWithCheckout(cutoff: Date, limit: number): Promise<Order[]> {
    return this.oldest(orderingKey('pending with checkout'), cutoff, limit);
  }

  private page(key: string, query: PageQuery): Order[] {
    return this.orderings.newestFirst(key, query).map((id) => copy(this.rows.get(id)!));
  }

  private newest(key: string): Order | null {
    return this.page(key, { limit: 1 })[0] ?? null;
  }

  private oldest(key: string, cutoff: Date, limit: number): Order[] {
    return this.orderings.oldestFirst(key, cutoff, Math.max(limit, 0)).map((id) => copy(this.rows.get(id)!));
  }

  /** Every write goes through here, so the orderings always match the rows. */
  private store(order: Order): void {
    this.rows.set(order.id, order);
    this.orderings.put(order);
  }

  private patch(id: string, changes: Partial<Order>): void {
    const order = this.rows.get(id);
    if (order) this.store(copy({ ...order, ...changes }));
  }
}
