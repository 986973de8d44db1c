import { NOT_REQUIRED } from '../../src/domain/fulfillment.js';
import type { Order } from '../../src/domain/order.js';
import type { Product } from '../../src/domain/product.js';
import type { ShippingOption } from '../../src/domain/shipping.js';
import type { User } from '../../src/domain/user.js';

/*
 * Whole domain values in one call, `orderRecord({ status: 'failed' })`: what the contract suites
 * store and read back. The fluent builders for use-case tests (`anOrder().paid().build()`, in
 * builders.ts) are the other half of the vocabulary; the two draw ids from different ranges.
 */

let counter = 0;

/** A fresh id shaped like ours (24 lowercase hex digits); later ids sort after earlier ones. */
export function nextId(): string {
  counter += 1;
  return `65f0${counter.toString(16).padStart(20, '0')}`;
}

export const at = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

export function userRecord(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? nextId();
  return {
    id,
    email: `user-${id}@example.com`,
    name: 'Ada',
    role: 'customer',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    createdAt: at(0),
    ...overrides,
  };
}

export function productRecord(overrides: Partial<Product> = {}): Product {
  return {
    id: nextId(),
    name: 'Teapot',
    description: 'Short and stout.',
    category: 'kitchen',
    price: { amount: 1999, currency: 'eur' },
    active: true,
    stock: null,
    imageUrl: null,
    shippable: true,
    createdAt: at(0),
    ...overrides,
  };
}

export function shippingOptionRecord(overrides: Partial<ShippingOption> = {}): ShippingOption {
  return {
    id: nextId(),
    name: 'Standard',
    price: { amount: 495, currency: 'eur' },
    countries: ['AT', 'DE'],
    freeOverAmount: null,
    minDays: null,
    maxDays: null,
    active: true,
    createdAt: at(0),
    ...overrides,
  };
}

export function orderRecord(overrides: Partial<Order> = {}): Order {
  return {
    id: nextId(),
    userId: '65f1000000000000000000aa',
    items: [
      { productId: '65f2000000000000000000b1', name: 'Teapot', unitAmount: 1999, quantity: 2 },
      { productId: '65f2000000000000000000b2', name: 'Cup', unitAmount: 500, quantity: 1 },
    ],
    total: { amount: 4498, currency: 'eur' },
    breakdown: { subtotal: 4498, shipping: 0, discount: 0, tax: 0 },
    shipping: null,
    status: 'pending',
    fulfillment: NOT_REQUIRED,
    checkout: null,
    paymentId: null,
    refund: null,
    paymentIssue: null,
    createdAt: at(0),
    updatedAt: at(0),
    completedAt: null,
    ...overrides,
  };
}

/** Ids that are not ours: wrong length, 12-character strings ObjectId.isValid accepts, uppercase. */
export const MALFORMED_IDS = ['', 'abc', '123456789012', 'zzzzzzzzzzzzzzzzzzzzzzzz', '%7B%7D', '{}', '65f0000000000000000000000'];

/** Defeats readonly typing, to prove that mutating what an adapter returned changes nothing. */
export const mutable = <T>(value: T): { -readonly [K in keyof T]: T[K] } => value as { -readonly [K in keyof T]: T[K] };
