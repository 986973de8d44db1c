import type { CatalogueChanges, CatalogueListener } from '../../application/ports/catalogue-changes.js';

/** One process holds the whole catalogue: every change is local, so nothing is polled. */
export class MemoryCatalogueChanges implements CatalogueChanges {
  private readonly listeners = new Set<CatalogueListener>();

  watch(listener: CatalogueListener): () => void {
    this.listeners.add(listener);
    listener('sure');
    return () => this.listeners.delete(listener);
  }

  /** For the products adapter, after each change the public catalogue can see, naming the products. */
  changed(productIds: readonly string[]): void {
    for (const listener of this.listeners) listener('changed', productIds);
  }
}
