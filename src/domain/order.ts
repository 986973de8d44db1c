import { InvalidInput, MixedCurrencies, OrderNotPayable, PaymentAmountMismatch, ProductUnavailable } from './errors.js';
import { type Money, formatMoney, money, sameMoney, sum, times } from './money.js';
import type { Product } from './product.js';

/** `pending` → `completed` | `failed` | `expired`. Only `pending` ever moves; nothing moves back. */
export type OrderStatus = 'pending' | 'completed' | 'failed' | 'expired';

/** A line item snapshots the product's name, price and picture (when it has one) when the order is placed. */
export type OrderItem = Readonly<{ productId: string; name: string; unitAmount: number; quantity: number; imageUrl?: string }>;

/** Where the customer pays. Set once the payment provider has created a checkout. */
export type Checkout = Readonly<{ sessionId: string; url: string }>;

export type Order = Readonly<{
  id: string;
  userId: string;
  items: readonly OrderItem[];
  total: Money;
  status: OrderStatus;
  checkout: Checkout | null;
  /** Why a payment report was not applied (amount mismatch, paid after expiry); for people to act on. */
  paymentIssue: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}>;

export const MAX_LINE_ITEMS = 50;
export const MAX_QUANTITY = 99;

export type OrderLine = Readonly<{ product: Product | null; productId: string; quantity: number }>;

/** Prices come from the catalogue, never from the customer. Repeated products are merged. */
export function placeOrder(id: string, userId: string, lines: readonly OrderLine[], at: Date): Order {
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
  const total = sum(items.map((i) => times(money(i.unitAmount, currency), i.quantity)), currency);
  return {
    id, userId, items, total,
    status: 'pending',
    checkout: null,
    paymentIssue: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
  };
}

/** Idempotent: completing a completed order returns it unchanged (the same object). */
export function complete(order: Order, paid: Money, at: Date): Order {
  if (order.status === 'completed') return order;
  if (order.status !== 'pending') throw new OrderNotPayable(order.id, order.status);
  if (!sameMoney(paid, order.total)) {
    throw new PaymentAmountMismatch(
      `Payment of ${formatMoney(paid)} does not match order total ${formatMoney(order.total)}.`,
    );
  }
  return { ...order, status: 'completed', completedAt: at, updatedAt: at, paymentIssue: null };
}

/** A payment failure only ends a pending order; a late report never undoes a completion. */
export function fail(order: Order, at: Date): Order {
  return order.status === 'pending' ? { ...order, status: 'failed', updatedAt: at } : order;
}

/** Expiry only ends a pending order; a late report never undoes a completion. */
export function expire(order: Order, at: Date): Order {
  return order.status === 'pending' ? { ...order, status: 'expired', updatedAt: at } : order;
}

export function flagPaymentIssue(order: Order, issue: string, at: Date): Order {
  return { ...order, paymentIssue: issue, updatedAt: at };
}
