import type { ProductChanges, ProductQuery, Products } from '../../application/ports/products.js';
import { type Product, hasUnits } from '../../domain/product.js';
import { MemoryCatalogueChanges } from './catalogue-changes.js';
import { Orderings, orderingKey } from './orderings.js';
import { copy } from './page.js';

/** The orderings a product is listed under: every `ProductQuery` has one of its own. */
const keysOf = (p: Product): string[] => {
  const state = p.active ? 'active' : 'archived';
  const all = [orderingKey(), orderingKey(state)];
  return p.category === null ? all : [...all, orderingKey(null, p.category), orderingKey(state, p.category)];
};

/** The ordering that answers `query`, `null` when nothing can match (active and archived at once). */
function keyFor(query: ProductQuery): string | null {
  if (query.activeOnly && query.archivedOnly) return null;
  const state = query.activeOnly ? 'active' : query.archivedOnly ? 'archived' : null;
  if (query.category === undefined) return state === null ? orderingKey() : orderingKey(state);
  return orderingKey(state, query.category);
}

/** Lists are pages of kept orderings (see `Orderings`): O(log n + limit), never a sort of everything. */
export class MemoryProducts implements Products {
  private readonly rows = new Map<string, Product>();
  private readonly orderings = new Orderings<Product>(keysOf);

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
    this.orderings.put(product);
    this.changes.changed([product.id]);
  }

  async list(query: ProductQuery): Promise<Product[]> {
    const key = keyFor(query);
    if (key === null) return [];
    return this.orderings.newestFirst(key, query).map((id) => copy(this.rows.get(id)!));
  }

  async update(id: string, changes: ProductChanges): Promise<Product | null> {
    const product = this.rows.get(id);
    if (!product) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const updated = copy({ ...product, ...defined });
    this.rows.set(id, updated);
    this.orderings.put(updated);
    if (Object.keys(defined).length > 0) this.changes.changed([id]);
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
    if (hasUnits(stock) !== hasUnits(product.stock)) this.changes.changed([id]);
  }
}
