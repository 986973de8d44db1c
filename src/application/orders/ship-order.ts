import { isClosed } from '../../domain/user.js';
import { OrderNotFound, OrderNotFulfillable } from '../../domain/errors.js';
import type { ShipmentDetails } from '../../domain/fulfillment.js';
import { ship } from '../../domain/order-fulfillment.js';
import type { Order } from '../../domain/order.js';
import { type AdminOrder, withCustomers } from './admin-order.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { Clock, Orders, Users } from '../ports/index.js';
import type { OrderMoves } from './order-moves.js';

/** How often a fulfilment move is tried again after another caller changed the order first. */
export const FULFILMENT_ATTEMPTS = 5;

/**
 * Reads the order, asks the domain for the next one, and stores it on condition that nothing
 * changed meanwhile (`OrderMoves.fulfil`); when something did, decides again from the order as it
 * now is. So of two admins racing (on any instances), one ships and the other gets the same
 * shipment back, or, with other tracking details, updates them.
 */
export async function fulfilWithRetry(
  orders: Orders, id: string, decide: (order: Order) => Order, store: (order: Order, next: Order) => Promise<Order | null>,
): Promise<Order> {
  for (let attempt = 0; attempt < FULFILMENT_ATTEMPTS; attempt++) {
    const order = await orders.byId(id);
    if (!order) throw new OrderNotFound();
    const next = decide(order);
    if (next === order) return order;
    const stored = await store(order, next);
    if (stored) return stored;
  }
  throw new OrderNotFulfillable(id, 'it is being changed by someone else; try again');
}

/**
 * An admin ships a paid order (`POST /api/admin/orders/:id/shipment`). It only makes the move and
 * its event (`shipped`, or `tracking-updated`); telling the customer is an event handler's job,
 * asked for by `notifyCustomer`.
 */
export class ShipOrder {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, id: string, details: ShipmentDetails, notifyCustomer = true): Promise<AdminOrder> {
    await requireAdmin(this.users, actor);
    const order = await fulfilWithRetry(
      this.orders, id,
      (order) => ship(order, details, this.clock.now()),
      (order, next) => this.moves.fulfil(order, next, { kind: 'admin', id: actor.userId }, notifyCustomer),
    );
    // A closed account's order kept its address only to be shipped: now it has been.
    const customer = await this.users.byId(order.userId);
    if (customer && isClosed(customer) && order.shipping?.address) {
      await this.orders.eraseAddresses(order.userId, this.clock.now());
      return (await withCustomers(this.users, [(await this.orders.byId(order.id)) ?? order]))[0]!;
    }
    return (await withCustomers(this.users, [order]))[0]!;
  }
}
