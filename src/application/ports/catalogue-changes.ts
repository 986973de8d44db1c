/** `changed`: the public catalogue may differ now; `unsure`: changes can't be followed; `sure`: they are followed again. */
export type CatalogueSignal = 'changed' | 'unsure' | 'sure';

export type CatalogueListener = (signal: CatalogueSignal, productIds?: readonly string[]) => void;

export interface CatalogueChanges {
  /**
   * Tells `listener` what a cache of the public catalogue needs to know. `'changed'` after every
   * write that can change what the public catalogue shows (a product added or changed, a product's
   * `inStock` flipping; never a stock change that leaves `inStock` as it was): synchronously,
   * before the writing call returns, for writes made through this storage object; within `pollMs`
   * plus one round trip to the store for writes made by any other process sharing the store.
   * `'sure'` first, once changes are followed (at once when no other process can share the store),
   * `'unsure'` when the store stops answering (changes elsewhere can no longer be seen), `'sure'`
   * again when it answers. Never throws. Stopped by the returned function, or by `Storage.close()`.
   *
   * `'changed'` names the products that changed when it is known (`productIds`): then only those
   * products' own pages, and any list, can differ; without it anything may have changed.
   */
  watch(listener: CatalogueListener, options: Readonly<{ pollMs: number }>): () => void;
}
