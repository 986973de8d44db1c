import { OrderNotFound, Unauthenticated } from '../domain/errors.js';
import { type Order, placeOrder } from '../domain/order.js';
import type { Actor } from './actor.js';
import { type Page, type PageRequest, paginate } from './pagination.js';
import type { Clock, Ids, Orders, PaymentGateway, Products, Users } from './ports/index.js';

export type CreateOrderInput = Readonly<{ items: readonly { productId: string; quantity: number }[] }>;
export type CreatedOrder = Readonly<{ order: Order; checkoutUrl: string }>;

export class CreateOrder {
  constructor(
    private readonly users: Users,
    private readonly products: Products,
    private readonly orders: Orders,
    private readonly payments: PaymentGateway,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  /**
   * Saves the order as `pending` before asking the provider for a checkout, so a payment can
   * always be matched to an order. If the provider fails, the order is marked `failed` (the
   * customer never saw a way to pay it) and the provider's error propagates.
   */
  async execute(actor: Actor, input: CreateOrderInput): Promise<CreatedOrder> {
    const user = await this.users.byId(actor.userId);
    if (!user) throw new Unauthenticated();
    const found = await this.products.byIds([...new Set(input.items.map((i) => i.productId))]);
    const byId = new Map(found.map((p) => [p.id, p]));
    const lines = input.items.map((i) => ({ ...i, product: byId.get(i.productId) ?? null }));
    const order = placeOrder(this.ids.next(), user.id, lines, this.clock.now());
    await this.orders.add(order);

    let checkout;
    try {
      checkout = await this.payments.startCheckout({ order, customerEmail: user.email });
    } catch (error) {
      const at = this.clock.now();
      await this.orders.transition(order.id, 'pending', {
        ...order, status: 'failed', paymentIssue: 'The payment provider could not start a checkout.', updatedAt: at,
      });
      throw error;
    }
    const at = this.clock.now();
    await this.orders.attachCheckout(order.id, checkout, at);
    return { order: { ...order, checkout, updatedAt: at }, checkoutUrl: checkout.url };
  }
}

export class ListOrders {
  constructor(private readonly orders: Orders) {}

  /** Only the caller's own orders, whatever the request says. */
  execute(actor: Actor, request: PageRequest): Promise<Page<Order>> {
    return paginate(request, (page) => this.orders.listByUser(actor.userId, page));
  }
}

export class GetOrder {
  constructor(private readonly orders: Orders) {}

  /** Someone else's order is reported exactly like a missing one. */
  async execute(actor: Actor, id: string): Promise<Order> {
    const order = await this.orders.byId(id);
    if (!order || order.userId !== actor.userId) throw new OrderNotFound();
    return order;
  }
}
