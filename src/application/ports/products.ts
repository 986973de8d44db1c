import type { Product } from '../../domain/product.js';
import type { PageQuery } from './pagination.js';

export type ProductQuery = PageQuery & Readonly<{ category?: string; activeOnly: boolean }>;

export interface Products {
  /** `null` when absent (inactive products are returned; callers decide). */
  byId(id: string): Promise<Product | null>;
  /** Several at once, in no particular order; missing ids are simply absent from the result. */
  byIds(ids: readonly string[]): Promise<Product[]>;
  add(product: Product): Promise<void>;
  /** Newest first, see `PageQuery`. */
  list(query: ProductQuery): Promise<Product[]>;
}
