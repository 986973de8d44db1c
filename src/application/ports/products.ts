import type { Product } from '../../domain/product.js';
import type { PageQuery } from './pagination.js';

/** `activeOnly`: the public catalogue; `archivedOnly`: only archived (inactive) ones; neither: all. */
export type ProductQuery = PageQuery & Readonly<{ category?: string; activeOnly: boolean; archivedOnly?: boolean }>;

/** What an admin may change in place; the stock has its own, atomic, `setStock`. */
export type ProductChanges = Partial<Pick<Product, 'name' | 'description' | 'category' | 'price' | 'imageUrl' | 'shippable' | 'active'>>;

export interface Products {
  /** `null` when absent (inactive products are returned; callers decide). */
  byId(id: string): Promise<Product | null>;
  /** Several at once, in no particular order; missing ids are simply absent from the result. */
  byIds(ids: readonly string[]): Promise<Product[]>;
  /** Stores a new product, with its initial `stock`. */
  add(product: Product): Promise<void>;
  /** Newest first, see `PageQuery`. */
  list(query: ProductQuery): Promise<Product[]>;
  /** Writes the given fields only (never the stock). The product as stored afterwards; `null` when absent. */
  update(id: string, changes: ProductChanges): Promise<Product | null>;
  /**
   * Sets the units available now (`null` stops tracking). Atomic with concurrent `Stock` reserve
   * and release calls across processes: none of their changes is lost or applied twice; units
   * reserved before stay reserved. The product as stored afterwards; `null` when absent.
   */
  setStock(id: string, stock: number | null, at: Date): Promise<Product | null>;
}
