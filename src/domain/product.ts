import { InvalidInput } from './errors.js';
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
  /** Whether it is sent to the customer (a physical good); an order with no shippable line asks for no address. */
  shippable: boolean;
  createdAt: Date;
}>;

export const MAX_STOCK = 1_000_000;

/** What the public may know: whether it can be bought, never how many are left. */
export const inStock = (product: Product): boolean => hasUnits(product.stock);

/** `inStock` of a product with this count. */
export const hasUnits = (stock: number | null): boolean => stock === null || stock > 0;

export const MAX_IMAGE_URL_LENGTH = 2048;

/** Whole units from 0 to `MAX_STOCK`, or `null` (not tracked). */
export function checkStock(stock: number | null): number | null {
  if (stock !== null && (!Number.isInteger(stock) || stock < 0 || stock > MAX_STOCK)) {
    throw new InvalidInput(`stock must be a whole number from 0 to ${MAX_STOCK}, or null.`, 'stock');
  }
  return stock;
}

/** https only (the checkout pages are https, and Stripe wants a public URL), at most 2048 characters. */
export function checkImageUrl(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.protocol !== 'https:' || !/^https:\/\/[^/]/i.test(url) || url.length > MAX_IMAGE_URL_LENGTH) {
    throw new InvalidInput(`imageUrl must be an https URL of at most ${MAX_IMAGE_URL_LENGTH} characters.`, 'imageUrl');
  }
  return url;
}
