import type { CatalogueChanges, CatalogueSignal } from '../../application/ports/catalogue-changes.js';

/** One process holds the whole catalogue: every change is local, so nothing is polled. */
export class MemoryCatalogueChanges implements CatalogueChanges {
  private readonly listeners = new Set<(signal: CatalogueSignal) => void>();

  watch(listener: (signal: CatalogueSignal) => void): () => void {
    this.listeners.add(listener);
    listener('sure');
    return () => this.listeners.delete(listener);
  }

  /** For the products adapter, after each change the public catalogue can see. */
  changed(): void {
    for (const listener of this.listeners) listener('changed');
  }
}
