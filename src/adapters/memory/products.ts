import type { ProductChanges, ProductQuery, Products } from '../../application/ports/products.js';
import { type Product, hasUnits } from '../../domain/product.js';
import { MemoryCatalogueChanges } from './catalogue-changes.js';
import { copy, newestFirstPage } from './page.js';

export class MemoryProducts implements Products {
  private readonly rows = new Map<string, Product>();

  constructor(private readonly changes = new MemoryCatalogueChanges()) {}

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
    this.changes.changed();
  }

  async list(query: ProductQuery): Promise<Product[]> {
    const matching = [...this.rows.values()].filter(
      (p) =>
        (!query.activeOnly || p.active) &&
        (!query.archivedOnly || !p.active) &&
        (query.category === undefined || p.category === query.category),
    );
    return newestFirstPage(matching, query).map(copy);
  }

  async update(id: string, changes: ProductChanges): Promise<Product | null> {
    const product = this.rows.get(id);
    if (!product) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    this.rows.set(id, copy({ ...product, ...defined }));
    if (Object.keys(defined).length > 0) this.changes.changed();
    return this.byId(id);
  }

  async setStock(id: string, stock: number | null): Promise<Product | null> {
    if (!this.rows.has(id)) return null;
    this.adjust(id, () => stock);
    return this.byId(id);
  }

  /** For `MemoryStock`: the current count, `null` when untracked, `undefined` when absent. */
  stockOf(id: string): number | null | undefined {
    return this.rows.get(id)?.stock;
  }

  /** For `MemoryStock`: synchronous, so a check and its change can never interleave with another. */
  adjust(id: string, next: (stock: number | null) => number | null): void {
    const product = this.rows.get(id);
    if (!product) return;
    const stock = next(product.stock);
    this.rows.set(id, { ...product, stock });
    if (hasUnits(stock) !== hasUnits(product.stock)) this.changes.changed();
  }
}
