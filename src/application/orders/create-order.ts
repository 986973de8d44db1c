import { Unauthenticated } from '../../domain/errors.js';
import { type Order, fail, flagPaymentIssue, placeOrder } from '../../domain/order.js';
import type { Actor } from '../shared/actor.js';
import { MAX_ACTIVE_OPTIONS } from '../../domain/shipping.js';
import type { User } from '../../domain/user.js';
import type { ResultSlot } from '../ports/idempotency-records.js';
import type { Clock, Ids, Orders, PaymentGateway, Products, ShippingOptions, Stock, Users } from '../ports/index.js';
import type { OrderMoves } from './order-moves.js';

/**
 * `shippingOptionId`: the option the customer chose already (its price is in the total at once);
 * `shippingCountry`: where it goes, when known (only options serving it are offered). Both are
 * ignored for an order with nothing to ship.
 */
export type CreateOrderInput = Readonly<{
  items: readonly { productId: string; quantity: number }[];
  shippingOptionId?: string;
  shippingCountry?: string;
}>;
export type CreatedOrder = Readonly<{ order: Order; checkoutUrl: string }>;

export class CreateOrder {
  constructor(
    private readonly users: Users,
    private readonly products: Products,
    private readonly orders: Orders,
    private readonly moves: OrderMoves,
    private readonly payments: PaymentGateway,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly stock: Stock,
    private readonly shippingOptions: ShippingOptions,
  ) {}

  /**
   * Saves the order as `pending` before asking the provider for a checkout, so a payment can
   * always be matched to an order. If the provider fails, the order is marked `failed` (the
   * customer never saw a way to pay it) and the provider's error propagates.
   *
   * The stock of the tracked products (as just read) is reserved first, all lines or none
   * (`OutOfStock` otherwise), and given back when its checkout cannot start. A crash or a storage
   * failure between the reservation and saving the order leaves a reservation without an order;
   * ReleaseStrandedStock gives it back.
   *
   * `as`: the id a retryable request recorded for its order (an Idempotency-Key). When an earlier
   * attempt of the same request recorded it (`inherited`) and placed that order, the order is
   * answered (its checkout started if the attempt died before that) instead of placing another;
   * when it never placed it, or the order ended without a checkout, a fresh id is recorded first.
   */
  async execute(actor: Actor, input: CreateOrderInput, as?: ResultSlot): Promise<CreatedOrder> {
    const user = await this.users.byId(actor.userId);
    if (!user) throw new Unauthenticated();
    let id = as?.id ?? this.ids.next();
    if (as?.inherited) {
      const earlier = await this.orders.byId(id);
      if (earlier?.userId === user.id && earlier.checkout) return { order: earlier, checkoutUrl: earlier.checkout.url };
      if (earlier?.userId === user.id && earlier.status === 'pending') return this.checkout(earlier, user);
      // The earlier attempt may have reserved stock for an order it never saved (its lease ran out,
      // so it is not saving it now): give that back before reserving for the new id. Idempotent.
      if (!earlier) await this.stock.release(id, this.clock.now());
      id = await as.renew();
    }
    const found = await this.products.byIds([...new Set(input.items.map((i) => i.productId))]);
    const byId = new Map(found.map((p) => [p.id, p]));
    const lines = input.items.map((i) => ({ ...i, product: byId.get(i.productId) ?? null }));
    // Only an order with something to ship reads the options (of its currency; placeOrder refuses mixed ones).
    const shipped = found.find((p) => p.shippable);
    const options = shipped ? await this.shippingOptions.active(shipped.price.currency, MAX_ACTIVE_OPTIONS) : [];
    const request = {
      ...(input.shippingOptionId !== undefined && { optionId: input.shippingOptionId }),
      ...(input.shippingCountry !== undefined && { country: input.shippingCountry }),
    };
    const order = placeOrder(id, user.id, lines, this.clock.now(), { options, request });
    // Products read as untracked hold nothing (see `Stock.reserve`): only tracked lines are reserved, with the
    // stock just read, and no reservation is made when no line is tracked.
    const tracked = order.items.flatMap(({ productId, quantity }) => {
      const available = byId.get(productId)?.stock ?? null;
      return available === null ? [] : [{ productId, quantity, available }];
    });
    if (tracked.length > 0) await this.stock.reserve(order.id, tracked, order.createdAt);
    // When saving fails, the reservation stays: the save may have applied with its reply lost, and
    // giving the units back then would leave a pending order (which a retry with the same
    // Idempotency-Key resumes) holding none. ReleaseStrandedStock gives it back once the order is
    // found absent (or ExpireAbandonedOrders ends the order, which gives it back).
    await this.moves.place(order, { kind: 'customer', id: user.id });
    return this.checkout(order, user);
  }

  /** Starts the checkout of a pending order that has none, and attaches it. */
  private async checkout(order: Order, user: User): Promise<CreatedOrder> {
    let checkout;
    try {
      checkout = await this.payments.startCheckout({ order, customerEmail: user.email });
    } catch (error) {
      const at = this.clock.now();
      const failed = flagPaymentIssue(fail(order, at), 'The payment provider could not start a checkout.', at);
      // The provider's error is the one to report. If storage fails too, the order stays pending
      // without a checkout and ExpireAbandonedOrders expires it; a reservation kept by a failed
      // release (or by that) is given back by the sweeps, which log what they repaired.
      await this.moves
        .move(order, failed, { kind: 'provider', id: 'checkout' }, () => this.stock.release(order.id, at))
        .catch(() => null);
      throw error;
    }
    const at = this.clock.now();
    await this.orders.attachCheckout(order.id, checkout, at);
    return { order: { ...order, checkout, updatedAt: at }, checkoutUrl: checkout.url };
  }
}
