import type { Money } from './money.js';

export type Product = Readonly<{
  id: string;
  name: string;
  description: string;
  category: string | null;
  price: Money;
  active: boolean;
  /** Units available to sell now (reservations already taken out); `null` = not tracked. */
  stock: number | null;
  /** An https URL shown at checkout; `null` when none. */
  imageUrl: string | null;
  createdAt: Date;
}>;

export const MAX_STOCK = 1_000_000;

/** What the public may know: whether it can be bought, never how many are left. */
export const inStock = (product: Product): boolean => product.stock === null || product.stock > 0;
