import { type Message, orderMessageData } from '../../domain/messages.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { Order } from '../../domain/order.js';
import type { User } from '../../domain/user.js';
import type { Notifications, OrderEventHandler, Orders, Products, Users } from '../ports/index.js';

export type OrderMessageSettings = Readonly<{
  /** Where the owner's messages go; `null`: none are sent. */
  ownerEmail: string | null;
  /** A paid order leaving a tracked product at this many units or fewer alerts the owner; 0: never. */
  lowStockThreshold: number;
}>;

/**
 * The messages an order's moves cause: paid → the customer's confirmation, the owner's "new paid
 * order" and, for a product running low, a low-stock alert (at most one per product and day);
 * refunded → the customer's refund notice; shipped → the customer's "on its way" with the tracking
 * details, unless the admin asked not to notify. Each is recorded under the event's id, so a
 * redelivered event records nothing new.
 */
export class OrderMessages implements OrderEventHandler {
  readonly name = 'messages';

  constructor(
    private readonly orders: Orders,
    private readonly users: Users,
    private readonly products: Products,
    private readonly notifications: Notifications,
    private readonly settings: OrderMessageSettings,
  ) {}

  async handle(event: OrderEvent): Promise<void> {
    if (event.type !== 'paid' && event.type !== 'refunded' && event.type !== 'shipped') return;
    if (event.type === 'shipped' && event.fulfillment?.notifyCustomer === false) return;
    const order = await this.orders.byId(event.orderId);
    if (!order) return;
    // An account closed since is told nothing; the owner still is.
    const customer = await this.users.byId(order.userId);
    if (event.type === 'paid') await this.paid(event, order, customer);
    else if (event.type === 'shipped') {
      const { carrier = null, trackingNumber = null, trackingUrl = null } = event.fulfillment ?? {};
      if (customer) await this.tell(customer, event, { kind: 'order-shipped', data: { ...orderMessageData(order, customer.name), carrier, trackingNumber, trackingUrl } });
    } else if (customer) await this.tell(customer, event, { kind: 'order-refunded', data: { ...orderMessageData(order, customer.name), refunded: order.total } });
  }

  private async paid(event: OrderEvent, order: Order, customer: User | null): Promise<void> {
    const { ownerEmail } = this.settings;
    if (customer) await this.tell(customer, event, { kind: 'order-confirmation', data: orderMessageData(order, customer.name) });
    if (!ownerEmail) return;
    await this.notifications.notify({
      kind: 'new-paid-order', subject: order.id, version: event.id, to: ownerEmail,
      data: { ...orderMessageData(order, customer?.name ?? ''), customerEmail: customer?.email ?? '' },
    });
    await this.lowStock(event, order, ownerEmail);
  }

  private async lowStock(event: OrderEvent, order: Order, ownerEmail: string): Promise<void> {
    const threshold = this.settings.lowStockThreshold;
    if (threshold < 1) return;
    const day = event.at.toISOString().slice(0, 10);
    for (const product of await this.products.byIds(order.items.map((i) => i.productId))) {
      if (product.stock === null || product.stock > threshold) continue;
      await this.notifications.notify({
        kind: 'low-stock', subject: product.id, version: day, to: ownerEmail,
        data: { productId: product.id, productName: product.name, stock: product.stock },
      });
    }
  }

  private tell(customer: User, event: OrderEvent, message: Message): Promise<void> {
    return this.notifications.notify({ ...message, subject: event.orderId, version: event.id, to: customer.email });
  }
}
