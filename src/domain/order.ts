import {
  InvalidInput, MixedCurrencies, OrderNotCancellable, OrderNotPayable, OrderNotRefundable, PaymentAmountMismatch, ProductUnavailable,
} from './errors.js';
import { type Money, formatMoney, money, sameMoney, sum, times } from './money.js';
import { type PriceBreakdown, addsUp, linesOnly } from './price-breakdown.js';
import { type Fulfillment, initialFulfillment } from './fulfillment.js';
import type { Product } from './product.js';
import { type ConfirmedShipping, type OrderShipping, type ShippingOption, type ShippingRequest, shippingFor } from './shipping.js';
import { paidAddress, paidRate } from './shipping-payment.js';

export type OrderStatus = 'pending' | 'completed' | 'failed' | 'expired' | 'cancelled' | 'refunded';

/**
 * The state machine, stated once: `pending` → `completed` | `failed` | `expired` | `cancelled`,
 * `completed` → `refunded`. Nothing else moves and nothing moves back.
 */
export const MOVES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['completed', 'failed', 'expired', 'cancelled'],
  completed: ['refunded'],
  failed: [],
  expired: [],
  cancelled: [],
  refunded: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus): boolean => MOVES[from].includes(to);

/** A line item snapshots the product's name, price and picture (when it has one) when the order is placed. */
export type OrderItem = Readonly<{ productId: string; name: string; unitAmount: number; quantity: number; imageUrl?: string }>;

/** Where the customer pays. Set once the payment provider has created a checkout. */
export type Checkout = Readonly<{ sessionId: string; url: string }>;

/**
 * A refund asked of the payment provider. `pending` until the provider reports it (the order then
 * becomes `refunded`, or the refund `failed`); `succeeded` once the order is refunded. `restock`:
 * give the order's stock back when the refund succeeds.
 */
export type Refund = Readonly<{ id: string; status: 'pending' | 'succeeded' | 'failed'; restock: boolean }>;

export type Order = Readonly<{
  id: string;
  userId: string;
  items: readonly OrderItem[];
  /** What the customer pays (before payment) or paid (once completed): `breakdown` adds up to it. */
  total: Money;
  breakdown: PriceBreakdown;
  /** The shipping step; `null` when the order has none (nothing to ship, or no shipping option applied). */
  shipping: OrderShipping | null;
  status: OrderStatus;
  /** Where the goods are; separate from `status` (see `src/domain/fulfillment.ts`; its moves are in `order-fulfillment.ts`). */
  fulfillment: Fulfillment;
  checkout: Checkout | null;
  /** The provider's id of the payment (Stripe: the payment intent), recorded when it completes; refunds need it. */
  paymentId: string | null;
  refund: Refund | null;
  /** Why a payment report was not applied (amount mismatch, paid after expiry); for people to act on. */
  paymentIssue: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}>;

export const MAX_LINE_ITEMS = 50;
export const MAX_QUANTITY = 99;

export type OrderLine = Readonly<{ product: Product | null; productId: string; quantity: number }>;

/** What shipping a new order may get: the active options (any currency; only the order's apply) and what the customer asked for. */
export type ShippingChoice = Readonly<{ options: readonly ShippingOption[]; request: ShippingRequest }>;

const NO_SHIPPING: ShippingChoice = { options: [], request: {} };

/**
 * Prices come from the catalogue, never from the customer. Repeated products are merged. The
 * shipping step (see `shippingFor`): until an option is chosen, `breakdown.shipping` is `null` and
 * the total is the subtotal; a chosen option's price for this order is in the total at once.
 */
export function placeOrder(id: string, userId: string, lines: readonly OrderLine[], at: Date, choice: ShippingChoice = NO_SHIPPING): Order {
  if (lines.length === 0 || lines.length > MAX_LINE_ITEMS) {
    throw new InvalidInput(`An order has between 1 and ${MAX_LINE_ITEMS} items.`, 'items');
  }
  const merged = new Map<string, { product: Product; quantity: number }>();
  for (const line of lines) {
    if (!line.product || !line.product.active) throw new ProductUnavailable(line.productId);
    const quantity = (merged.get(line.product.id)?.quantity ?? 0) + line.quantity;
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || quantity > MAX_QUANTITY) {
      throw new InvalidInput(`Quantity must be a whole number from 1 to ${MAX_QUANTITY}.`, 'quantity');
    }
    merged.set(line.product.id, { product: line.product, quantity });
  }
  const currency = [...merged.values()][0]!.product.price.currency;
  if ([...merged.values()].some((m) => m.product.price.currency !== currency)) throw new MixedCurrencies();

  const items = [...merged.values()].map(({ product, quantity }) => ({
    productId: product.id,
    name: product.name,
    unitAmount: product.price.amount,
    quantity,
    ...(product.imageUrl !== null && { imageUrl: product.imageUrl }),
  }));
  const subtotal = orderTotal(items, currency);
  const anyShippable = [...merged.values()].some((m) => m.product.shippable);
  const shipping = shippingFor(choice.options, choice.request, subtotal, anyShippable);
  const shippingAmount = shipping === null ? 0 : (shipping.chosen?.amount ?? null);
  return {
    id, userId, items,
    total: money(subtotal.amount + (shippingAmount ?? 0), currency),
    breakdown: { ...linesOnly(subtotal.amount), shipping: shippingAmount },
    shipping,
    status: 'pending',
    fulfillment: initialFulfillment(shipping !== null),
    checkout: null,
    paymentId: null,
    refund: null,
    paymentIssue: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
  };
}

/** What the lines come to: an order's total is always this (storage may keep only the currency). */
export function orderTotal(items: readonly Pick<OrderItem, 'unitAmount' | 'quantity'>[], currency: string): Money {
  return sum(items.map((i) => times(money(i.unitAmount, currency), i.quantity)), currency);
}

/**
 * What the payment provider confirmed: the amount paid and, when it itemises it, what that amount
 * is made of (`null` from a provider that reports only the total); for an order with a shipping
 * step, the option the customer picked (`null` when the provider does not name it) and the address
 * it collected.
 */
export type ConfirmedPayment = Readonly<{
  paid: Money;
  breakdown: PriceBreakdown | null;
  paymentId: string | null;
  shipping?: ConfirmedShipping | null;
}>;

/**
 * Idempotent: completing a completed order returns it unchanged (the same object). The payment is
 * checked against the figures stored on the order, never against a sum recomputed from its lines:
 * the currency must match; an itemised payment must have the order's subtotal, charge for
 * shipping what was offered (see `confirmedRate`) and add up to what was paid (a discount or tax
 * the provider applied is accepted, and stored); a payment reported only as a total must equal
 * the order's total with that shipping. An order with a shipping step needs an address in a
 * country the picked option serves (`ShippingAddressRefused` otherwise). The confirmed figures
 * replace the offered ones; the picked option and the address are stored. `paymentId` is the
 * provider's id of the payment, kept for refunds.
 */
export function complete(order: Order, payment: ConfirmedPayment, at: Date): Order {
  if (order.status === 'completed') return order;
  if (!canMove(order.status, 'completed')) throw new OrderNotPayable(order.id, order.status);
  const { paid, breakdown } = payment;
  const currency = order.total.currency;
  const amount = (n: number) => formatMoney(money(n, currency));
  const mismatch = (why: string) => new PaymentAmountMismatch(`Payment of ${formatMoney(paid)} ${why}.`);
  if (paid.currency !== currency) throw mismatch(`does not match the order's currency (${currency.toUpperCase()})`);
  const rate = order.shipping === null ? null : paidRate(order.id, order.shipping, payment.shipping ?? null, breakdown?.shipping ?? null, formatMoney(paid));
  const shippingAmount = rate?.amount ?? 0;
  if (breakdown === null) {
    const expected = money(order.breakdown.subtotal + shippingAmount, currency);
    if (!sameMoney(paid, expected)) throw mismatch(`does not match order total ${formatMoney(expected)}`);
  } else {
    if (breakdown.subtotal !== order.breakdown.subtotal) {
      throw mismatch(`has a subtotal of ${amount(breakdown.subtotal)}, not the order's ${amount(order.breakdown.subtotal)}`);
    }
    if ((breakdown.shipping ?? 0) !== shippingAmount) {
      throw mismatch(`charges ${amount(breakdown.shipping ?? 0)} for shipping, not the ${amount(shippingAmount)} ${rate ? `of ${rate.name}` : 'offered'}`);
    }
    if (!addsUp(breakdown, paid)) throw mismatch('does not add up (subtotal + shipping + tax − discount)');
  }
  const shipping = order.shipping && rate
    ? { ...order.shipping, chosen: rate, address: paidAddress(order.id, order.shipping, rate, payment.shipping ?? null) }
    : order.shipping;
  return {
    ...order,
    status: 'completed',
    total: paid,
    breakdown: breakdown ? { ...breakdown, shipping: breakdown.shipping ?? 0 } : { ...order.breakdown, shipping: shippingAmount },
    shipping,
    completedAt: at,
    updatedAt: at,
    paymentIssue: null,
    paymentId: payment.paymentId,
  };
}

/** A payment failure only ends a pending order; a late report never undoes a completion. */
export function fail(order: Order, at: Date): Order {
  return canMove(order.status, 'failed') ? { ...order, status: 'failed', updatedAt: at } : order;
}

/** Expiry only ends a pending order; a late report never undoes a completion. */
export function expire(order: Order, at: Date): Order {
  return canMove(order.status, 'expired') ? { ...order, status: 'expired', updatedAt: at } : order;
}

/**
 * The customer calls off an order they have not paid. Idempotent: cancelling a cancelled order
 * returns it unchanged (the same object); any other status throws `OrderNotCancellable`.
 */
export function cancel(order: Order, at: Date): Order {
  if (order.status === 'cancelled') return order;
  if (!canMove(order.status, 'cancelled')) throw new OrderNotCancellable(order.id, order.status);
  return { ...order, status: 'cancelled', updatedAt: at };
}

/**
 * Checks a refund may be asked for: only a completed order, with a recorded payment, and no
 * refund already under way. Throws `OrderNotRefundable` otherwise.
 */
export function assertRefundable(order: Order): void {
  if (!canMove(order.status, 'refunded')) throw new OrderNotRefundable(order.id, `it is ${order.status}`);
  if (order.refund?.status === 'pending') throw new OrderNotRefundable(order.id, 'a refund is already under way');
  if (!order.paymentId) throw new OrderNotRefundable(order.id, 'no payment was recorded for it');
}

/** The provider accepted a refund it has not finished yet; the order stays completed meanwhile. */
export function refundRequested(order: Order, refundId: string, restock: boolean, at: Date): Order {
  assertRefundable(order);
  return { ...order, refund: { id: refundId, status: 'pending', restock }, updatedAt: at };
}

/**
 * The money went back: `completed` → `refunded`. Idempotent: refunding a refunded order returns it
 * unchanged (the same object); any other status throws `OrderNotRefundable`. `restock` defaults to
 * what was asked when the refund was requested (nothing, for a refund made elsewhere).
 */
export function refund(order: Order, refundId: string, at: Date, restock = order.refund?.restock ?? false): Order {
  if (order.status === 'refunded') return order;
  if (!canMove(order.status, 'refunded')) throw new OrderNotRefundable(order.id, `it is ${order.status}`);
  return { ...order, status: 'refunded', refund: { id: refundId, status: 'succeeded', restock }, updatedAt: at };
}

/** The provider could not return the money: the order stays completed, with the reason for a person to act on. */
export function refundFailed(order: Order, refundId: string, reason: string, at: Date, restock = order.refund?.restock ?? false): Order {
  return {
    ...order,
    refund: { id: refundId, status: 'failed', restock },
    paymentIssue: `Refund ${refundId} failed: ${reason}`,
    updatedAt: at,
  };
}

export function flagPaymentIssue(order: Order, issue: string, at: Date): Order {
  return { ...order, paymentIssue: issue, updatedAt: at };
}
