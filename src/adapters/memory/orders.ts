import type { PageQuery } from '../../application/ports/pagination.js';
import type { Orders } from '../../application/ports/orders.js';
import type { Checkout, Order, OrderStatus } from '../../domain/order.js';
import { copy, newestFirstPage } from './page.js';

export class MemoryOrders implements Orders {
  private readonly rows = new Map<string, Order>();

  async byId(id: string): Promise<Order | null> {
    const order = this.rows.get(id);
    return order ? copy(order) : null;
  }

  async byCheckoutSession(sessionId: string): Promise<Order | null> {
    for (const order of this.rows.values()) if (order.checkout?.sessionId === sessionId) return copy(order);
    return null;
  }

  async add(order: Order): Promise<void> {
    this.rows.set(order.id, copy(order));
  }

  async listByUser(userId: string, query: PageQuery): Promise<Order[]> {
    const mine = [...this.rows.values()].filter((o) => o.userId === userId);
    return newestFirstPage(mine, query).map(copy);
  }

  async transition(id: string, from: OrderStatus, next: Order): Promise<Order | null> {
    if (this.rows.get(id)?.status !== from) return null;
    this.rows.set(id, copy({ ...next, id }));
    return copy(next);
  }

  async attachCheckout(id: string, checkout: Checkout, at: Date): Promise<void> {
    this.patch(id, { checkout, updatedAt: at });
  }

  async flagPaymentIssue(id: string, issue: string, at: Date): Promise<void> {
    this.patch(id, { paymentIssue: issue, updatedAt: at });
  }

  async pendingWithoutCheckout(cutoff: Date, limit: number): Promise<Order[]> {
    return [...this.rows.values()]
      .filter((o) => o.status === 'pending' && o.checkout === null && o.createdAt < cutoff)
      .slice(0, limit)
      .map(copy);
  }

  private patch(id: string, changes: Partial<Order>): void {
    const order = this.rows.get(id);
    if (order) this.rows.set(id, copy({ ...order, ...changes }));
  }
}
