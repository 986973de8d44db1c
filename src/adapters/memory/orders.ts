import type { PageQuery } from '../../application/ports/pagination.js';
import type { OrderFilter, Orders } from '../../application/ports/orders.js';
import type { Checkout, Order, OrderStatus, Refund } from '../../domain/order.js';
import { copy, newestFirstPage } from './page.js';

export class MemoryOrders implements Orders {
  private readonly rows = new Map<string, Order>();

  async byId(id: string): Promise<Order | null> {
    const order = this.rows.get(id);
    return order ? copy(order) : null;
  }

  async byCheckoutSession(sessionId: string): Promise<Order | null> {
    const matching = [...this.rows.values()].filter((o) => o.checkout?.sessionId === sessionId);
    const [newest] = newestFirstPage(matching, { limit: 1 });
    return newest ? copy(newest) : null;
  }

  async add(order: Order): Promise<void> {
    this.rows.set(order.id, copy(order));
  }

  async listByUser(userId: string, query: PageQuery): Promise<Order[]> {
    const mine = [...this.rows.values()].filter((o) => o.userId === userId);
    return newestFirstPage(mine, query).map(copy);
  }

  async list(filter: OrderFilter, query: PageQuery): Promise<Order[]> {
    const matching = [...this.rows.values()].filter(
      (o) => (filter.status === undefined || o.status === filter.status) && (filter.userId === undefined || o.userId === filter.userId),
    );
    return newestFirstPage(matching, query).map(copy);
  }

  async byPaymentId(paymentId: string): Promise<Order | null> {
    const matching = [...this.rows.values()].filter((o) => o.paymentId !== null && o.paymentId === paymentId);
    const [newest] = newestFirstPage(matching, { limit: 1 });
    return newest ? copy(newest) : null;
  }

  async transition(id: string, from: OrderStatus, next: Order): Promise<Order | null> {
    const order = this.rows.get(id);
    if (order?.status !== from) return null;
    const stored = copy({
      ...order,
      status: next.status,
      completedAt: next.completedAt,
      paymentIssue: next.paymentIssue ?? order.paymentIssue,
      paymentId: next.paymentId ?? order.paymentId,
      refund: next.refund ?? order.refund,
      updatedAt: next.updatedAt > order.updatedAt ? next.updatedAt : order.updatedAt,
    });
    this.rows.set(id, stored);
    return copy(stored);
  }

  async attachCheckout(id: string, checkout: Checkout, at: Date): Promise<void> {
    this.patch(id, { checkout, updatedAt: at });
  }

  async recordRefund(id: string, refund: Refund, at: Date): Promise<void> {
    if (this.rows.get(id)?.status === 'completed') this.patch(id, { refund, updatedAt: at });
  }

  async flagPaymentIssue(id: string, issue: string, at: Date): Promise<void> {
    this.patch(id, { paymentIssue: issue, updatedAt: at });
  }

  async pendingWithoutCheckout(cutoff: Date, limit: number): Promise<Order[]> {
    return [...this.rows.values()]
      .filter((o) => o.status === 'pending' && o.checkout === null && o.createdAt < cutoff)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, Math.max(limit, 0))
      .map(copy);
  }

  async pendingWithCheckout(cutoff: Date, limit: number): Promise<Order[]> {
    return [...this.rows.values()]
      .filter((o) => o.status === 'pending' && o.checkout !== null && o.paymentIssue === null && o.createdAt < cutoff)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, Math.max(limit, 0))
      .map(copy);
  }

  private patch(id: string, changes: Partial<Order>): void {
    const order = this.rows.get(id);
    if (order) this.rows.set(id, copy({ ...order, ...changes }));
  }
}
