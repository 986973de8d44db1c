import type { ProductQuery, Products } from '../../application/ports/products.js';
import type { Product } from '../../domain/product.js';
import { copy, newestFirstPage } from './page.js';

export class MemoryProducts implements Products {
  private readonly rows = new Map<string, Product>();

  async byId(id: string): Promise<Product | null> {
    const product = this.rows.get(id);
    return product ? copy(product) : null;
  }

  async byIds(ids: readonly string[]): Promise<Product[]> {
    return [...new Set(ids)].flatMap((id) => {
      const product = this.rows.get(id);
      return product ? [copy(product)] : [];
    });
  }

  async add(product: Product): Promise<void> {
    this.rows.set(product.id, copy(product));
  }

  async list(query: ProductQuery): Promise<Product[]> {
    const matching = [...this.rows.values()].filter(
      (p) => (!query.activeOnly || p.active) && (query.category === undefined || p.category === query.category),
    );
    return newestFirstPage(matching, query).map(copy);
  }
}
