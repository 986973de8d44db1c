import { type EventActor, fulfillmentMoved, orderMoved } from '../../domain/order-events.js';
import type { Order } from '../../domain/order.js';
import type { EventDelivery, Orders } from '../ports/index.js';

/**
 * The one way a use case places or moves an order. The move's events travel with the write that
 * decides it (`Orders.add`, `Orders.transition`), so whatever reacts to a move (metrics, messages)
 * hears of every move that won, once it is stored, and of none that lost.
 */
export class OrderMoves {
  constructor(
    private readonly orders: Orders,
    private readonly delivery: EventDelivery,
  ) {}

  async place(order: Order, actor: EventActor): Promise<void> {
    await this.orders.add(order, [orderMoved(null, order, actor)]);
    this.delivery.nudge([order.id]);
  }

  /**
   * Moves `order` to `next` (a domain function's result) if it is still in its status. When another
   * process moved it first, the stored order is returned: every caller's outcome handling is
   * idempotent. `won` runs only for the caller whose move won (e.g. giving the stock back, exactly once).
   */
  async move(order: Order, next: Order, actor: EventActor, won?: (moved: Order) => Promise<unknown>): Promise<Order> {
    if (next === order) return order;
    const moved = await this.orders.transition(order.id, order.status, next, [orderMoved(order, next, actor)]);
    if (!moved) return (await this.orders.byId(order.id)) ?? order;
    this.delivery.nudge([order.id]);
    await won?.(moved);
    return moved;
  }

  /**
   * Stores a fulfilment move (`ship`, `deliver`: `next`) if the order's status and fulfilment are
   * still as `order` has them; its event travels with the write, as a move's does. `null` when
   * another caller changed the order first (the caller rereads and decides again).
   */
  async fulfil(order: Order, next: Order, actor: EventActor, notifyCustomer = true): Promise<Order | null> {
    if (next === order) return order;
    const from = { status: order.status, version: order.fulfillment.version };
    const moved = await this.orders.fulfil(order.id, from, next, [fulfillmentMoved(order, next, actor, notifyCustomer)]);
    if (moved) this.delivery.nudge([order.id]);
    return moved;
  }
}
