import type { ShippingOption } from '../../domain/shipping.js';
import type { PageQuery } from './pagination.js';

/** What an admin may change in place; the currency is fixed (archive the option and add another). */
export type ShippingOptionChanges = Partial<Pick<ShippingOption, 'name' | 'price' | 'countries' | 'freeOverAmount' | 'minDays' | 'maxDays' | 'active'>>;

/** `active`: only those on offer; `archived`: only archived ones; `all`: both. */
export type ShippingOptionQuery = PageQuery & Readonly<{ status: 'active' | 'archived' | 'all' }>;

export interface ShippingOptions {
  /** `null` when absent (archived options are returned; callers decide). */
  byId(id: string): Promise<ShippingOption | null>;
  add(option: ShippingOption): Promise<void>;
  /** Writes the given fields only. The option as stored afterwards; `null` when absent. */
  update(id: string, changes: ShippingOptionChanges): Promise<ShippingOption | null>;
  /** Newest first, see `PageQuery`. */
  list(query: ShippingOptionQuery): Promise<ShippingOption[]>;
  /**
   * Every active option priced in `currency` (lowercase ISO 4217), cheapest first (price, then
   * name, then id), at most `limit`.
   */
  active(currency: string, limit: number): Promise<ShippingOption[]>;
}
