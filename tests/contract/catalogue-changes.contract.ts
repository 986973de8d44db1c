import { describe, expect, it } from 'vitest';
import type { CatalogueChanges, CatalogueSignal } from '../../src/application/ports/catalogue-changes.js';
import type { Products } from '../../src/application/ports/products.js';
import type { Stock } from '../../src/application/ports/stock.js';
import { at, nextId, productRecord } from '../support/records.js';

export type CatalogueStore = Readonly<{ products: Products; stock: Stock; catalogueChanges: CatalogueChanges }>;

/** Listens, and waits for a signal without sleeping: resolves when it arrives, fails after 10 s. */
function listen(changes: CatalogueChanges, pollMs: number) {
  const signals: CatalogueSignal[] = [];
  /** The products each signal named (`null`: none, i.e. anything). */
  const named: (readonly string[] | null)[] = [];
  let wake: (() => void) | null = null;
  const stop = changes.watch((signal, productIds) => {
    signals.push(signal);
    named.push(productIds ? [...productIds] : null);
    wake?.();
  }, { pollMs });
  const arrives = async (signal: CatalogueSignal, from: number) => {
    const deadline = Date.now() + 10_000;
    while (!signals.slice(from).includes(signal)) {
      if (Date.now() > deadline) throw new Error(`no '${signal}' after ${from}: ${signals.join(', ')}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  return { signals, named, stop, arrives };
}

/**
 * What every `CatalogueChanges` adapter must do. `make` returns an empty store; `another`, when the
 * store can be shared, a second connection to the same store (as another process would have).
 */
export function catalogueChangesContract(make: () => Promise<CatalogueStore>, another?: () => Promise<CatalogueStore>): void {
  describe('CatalogueChanges contract', () => {
    // Long enough that no poll runs during a test: what is heard is what the writes said at once.
    const QUIET = 600_000;

    it("says 'sure' once it follows changes, then 'changed' before each product write returns", async () => {
      const store = await make();
      const heard = listen(store.catalogueChanges, QUIET);
      try {
        await heard.arrives('sure', 0);
        const product = productRecord();
        let n = heard.signals.length;
        await store.products.add(product);
        expect(heard.signals.slice(n)).toContain('changed');
        n = heard.signals.length;
        await store.products.update(product.id, { name: 'Kettle' });
        expect(heard.signals.slice(n)).toContain('changed');
        // It names the product: a cache drops that product's page (and the lists), not every page.
        expect(heard.named.slice(n)).toContainEqual([product.id]);
        n = heard.signals.length;
        await store.products.update(product.id, { active: false });
        expect(heard.signals.slice(n)).toContain('changed');
      } finally {
        heard.stop();
      }
    });

    it("says 'changed' for stock changes that flip inStock, and only for those", async () => {
      const store = await make();
      const product = productRecord({ stock: 3 });
      await store.products.add(product);
      const heard = listen(store.catalogueChanges, QUIET);
      try {
        await heard.arrives('sure', 0);
        const step = async (change: () => Promise<unknown>) => {
          const n = heard.signals.length;
          await change();
          return heard.signals.slice(n).includes('changed');
        };
        const [a, b, c] = [nextId(), nextId(), nextId()];
        expect(await step(() => store.products.setStock(product.id, 5, at(1)))).toBe(false); // 3 → 5
        expect(await step(() => store.stock.reserve(a, [{ productId: product.id, quantity: 2 }], at(2)))).toBe(false); // → 3
        expect(await step(() => store.stock.reserve(b, [{ productId: product.id, quantity: 3 }], at(3)))).toBe(true); // → 0
        expect(await step(() => store.stock.release(a, at(4)))).toBe(true); // → 2
        expect(await step(() => store.stock.release(b, at(5)))).toBe(false); // → 5
        expect(await step(() => store.products.setStock(product.id, 0, at(6)))).toBe(true); // → 0
        expect(await step(() => store.products.setStock(product.id, null, at(7)))).toBe(true); // untracked: in stock
        expect(await step(() => store.stock.reserve(c, [{ productId: product.id, quantity: 9 }], at(8)))).toBe(false);
      } finally {
        heard.stop();
      }
    });

    it('says nothing more once stopped', async () => {
      const store = await make();
      const heard = listen(store.catalogueChanges, QUIET);
      await heard.arrives('sure', 0);
      heard.stop();
      const n = heard.signals.length;
      await store.products.add(productRecord());
      expect(heard.signals.slice(n)).toEqual([]);
    });

    if (another) {
      it("hears another connection's writes at its next poll, including a flip of inStock", async () => {
        const store = await make();
        const other = await another();
        const product = productRecord({ stock: 1 });
        await store.products.add(product);
        const heard = listen(store.catalogueChanges, 20);
        try {
          await heard.arrives('sure', 0);
          let n = heard.signals.length;
          await other.products.update(product.id, { name: 'Kettle' });
          await heard.arrives('changed', n);
          expect(heard.named.slice(n).filter((ids) => ids !== null)).toEqual([[product.id]]);
          n = heard.signals.length;
          await other.stock.reserve(nextId(), [{ productId: product.id, quantity: 1 }], at(1));
          await heard.arrives('changed', n);
          expect(heard.named.slice(n)).toContainEqual([product.id]);
          // Two products changed elsewhere: both named, and nothing else.
          const [x, y] = [productRecord(), productRecord()];
          await store.products.add(x);
          await store.products.add(y);
          await new Promise((r) => setTimeout(r, 1_000)); // its polls have seen its own stamps
          n = heard.signals.length;
          await other.products.update(x.id, { name: 'Cup' });
          await other.products.update(y.id, { name: 'Saucer' });
          const deadline = Date.now() + 10_000;
          const heardOf = () => new Set(heard.named.slice(n).flatMap((ids) => ids ?? ['(anything)']));
          while (!(heardOf().has(x.id) && heardOf().has(y.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          expect([...heardOf()].sort()).toEqual([x.id, y.id].sort());
        } finally {
          heard.stop();
        }
      });
    }
  });
}
