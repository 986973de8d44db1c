import { describe, expect, it } from 'vitest';
import type { ProductQuery, Products } from '../../src/application/ports/products.js';
import type { Product } from '../../src/domain/product.js';
import { MALFORMED_IDS, at, mutable, nextId, productRecord } from '../support/records.js';

const ids = (products: readonly Product[]) => products.map((p) => p.id);
const sorted = (products: readonly Product[]) => [...products].sort((a, b) => a.id.localeCompare(b.id));

/** What every `Products` adapter must do. `make` returns an empty repository. */
export function productsContract(make: () => Promise<Products>): void {
  describe('Products contract', () => {
    async function withProducts(products: Product[]): Promise<Products> {
      const repo = await make();
      for (const p of products) await repo.add(p);
      return repo;
    }
    const all: ProductQuery = { limit: 100, activeOnly: false };

    it('finds an added product by id, field for field, inactive ones included', async () => {
      const product = productRecord({ active: false, category: null, price: { amount: 500, currency: 'jpy' } });
      const repo = await withProducts([product]);
      expect(await repo.byId(product.id)).toEqual(product);
      expect(await repo.byId(nextId())).toBeNull();
    });

    it('returns null, never throws, for malformed ids', async () => {
      const product = productRecord();
      const repo = await withProducts([product]);
      for (const id of [...MALFORMED_IDS, product.id.toUpperCase()]) expect(await repo.byId(id)).toBeNull();
    });

    it('byIds returns each existing product once and leaves out missing and malformed ids', async () => {
      const [a, b, c] = [productRecord(), productRecord({ active: false }), productRecord()];
      const repo = await withProducts([a, b, c]);
      const found = await repo.byIds([b.id, nextId(), a.id, 'abc', a.id]);
      expect(sorted(found)).toEqual(sorted([a, b]));
      expect(await repo.byIds([])).toEqual([]);
      expect(await repo.byIds(['nope', nextId()])).toEqual([]);
      expect(await repo.byIds([a.id, 'abc', a.id])).toEqual([a]); // one id: the adapters may look it up on its own
    });

    it('hands out copies: mutating a returned product changes nothing stored', async () => {
      const product = productRecord();
      const repo = await withProducts([product]);
      const found = await repo.byId(product.id);
      mutable(found!).active = false;
      mutable(found!.price).amount = 1;
      const [listed] = await repo.list(all);
      mutable(listed!).name = 'changed';
      expect(await repo.byId(product.id)).toEqual(product);
    });

    it('lists newest first, ties on createdAt broken by id (descending), up to the limit', async () => {
      const old = productRecord({ createdAt: at(1) });
      const tieA = productRecord({ createdAt: at(5) });
      const tieB = productRecord({ createdAt: at(5) });
      const newest = productRecord({ createdAt: at(9) });
      const repo = await withProducts([tieB, old, newest, tieA]);
      expect(ids(await repo.list(all))).toEqual(ids([newest, tieB, tieA, old]));
      expect(ids(await repo.list({ ...all, limit: 2 }))).toEqual(ids([newest, tieB]));
    });

    it('pages strictly after a key, stable when newer products arrive meanwhile', async () => {
      const products = [1, 2, 3, 3, 4].map((s) => productRecord({ createdAt: at(s) }));
      const repo = await withProducts(products);
      const page1 = await repo.list({ ...all, limit: 2 });
      await repo.add(productRecord({ createdAt: at(10) }));
      const last1 = page1.at(-1)!;
      const page2 = await repo.list({ ...all, limit: 2, after: { createdAt: last1.createdAt, id: last1.id } });
      const last2 = page2.at(-1)!;
      const page3 = await repo.list({ ...all, limit: 2, after: { createdAt: last2.createdAt, id: last2.id } });
      const [p1, p2, p3a, p3b, p4] = products as [Product, Product, Product, Product, Product];
      expect([ids(page1), ids(page2), ids(page3)]).toEqual([ids([p4, p3b]), ids([p3a, p2]), ids([p1])]);
    });

    it('filters by category and by active, alone and together', async () => {
      const kitchen = productRecord({ category: 'kitchen', createdAt: at(1) });
      const kitchenOff = productRecord({ category: 'kitchen', active: false, createdAt: at(2) });
      const garden = productRecord({ category: 'garden', createdAt: at(3) });
      const none = productRecord({ category: null, createdAt: at(4) });
      const repo = await withProducts([kitchen, kitchenOff, garden, none]);
      expect(ids(await repo.list({ ...all, category: 'kitchen' }))).toEqual(ids([kitchenOff, kitchen]));
      expect(ids(await repo.list({ ...all, activeOnly: true }))).toEqual(ids([none, garden, kitchen]));
      expect(ids(await repo.list({ limit: 10, activeOnly: true, category: 'kitchen' }))).toEqual(ids([kitchen]));
      expect(await repo.list({ ...all, category: 'toys' })).toEqual([]);
      expect(await repo.list({ ...all, category: { $ne: null } as unknown as string })).toEqual([]);
      expect(ids(await repo.list({ ...all, archivedOnly: true }))).toEqual(ids([kitchenOff]));
      expect(ids(await repo.list({ ...all, archivedOnly: true, category: 'garden' }))).toEqual([]);
    });

    it('stores stock and imageUrl with the product, and lists them', async () => {
      const tracked = productRecord({ stock: 7, imageUrl: 'https://img.example/a.png', createdAt: at(2) });
      const untracked = productRecord({ stock: null, createdAt: at(1) });
      const repo = await withProducts([tracked, untracked]);
      expect(await repo.byId(tracked.id)).toEqual(tracked);
      expect(await repo.list(all)).toEqual([tracked, untracked]);
      expect(sorted(await repo.byIds([tracked.id, untracked.id]))).toEqual(sorted([tracked, untracked]));
      expect(await repo.byIds([tracked.id])).toEqual([tracked]);
      expect(await repo.byIds([untracked.id])).toEqual([untracked]);
    });

    it('stores whether a product is shippable, and changes it by update', async () => {
      const [book, mug] = [productRecord({ shippable: false }), productRecord()];
      const repo = await make();
      await repo.add(book);
      await repo.add(mug);
      expect((await repo.byId(book.id))?.shippable).toBe(false);
      expect((await repo.byId(mug.id))?.shippable).toBe(true);
      expect(await repo.update(book.id, { shippable: true })).toEqual({ ...book, shippable: true });
    });

    it('update writes only the fields given, never the stock, and returns the stored product', async () => {
      const product = productRecord({ stock: 3 });
      const repo = await withProducts([product]);
      const changed = await repo.update(product.id, {
        name: 'Kettle', price: { amount: 2500, currency: 'usd' }, imageUrl: 'https://img.example/k.png', active: false, category: null,
      });
      const expected = { ...product, name: 'Kettle', price: { amount: 2500, currency: 'usd' }, imageUrl: 'https://img.example/k.png', active: false, category: null };
      expect(changed).toEqual(expected);
      expect(await repo.byId(product.id)).toEqual(expected);
      expect(await repo.update(product.id, {})).toEqual(expected);
      expect(await repo.update(nextId(), { name: 'x' })).toBeNull();
      expect(await repo.update('abc', { name: 'x' })).toBeNull();
    });

    it('setStock sets or clears the count and returns the stored product', async () => {
      const product = productRecord({ stock: null });
      const repo = await withProducts([product]);
      expect(await repo.setStock(product.id, 4, at(1))).toEqual({ ...product, stock: 4 });
      expect(await repo.setStock(product.id, 0, at(2))).toEqual({ ...product, stock: 0 });
      expect(await repo.setStock(product.id, null, at(3))).toEqual({ ...product, stock: null });
      expect(await repo.byId(product.id)).toEqual({ ...product, stock: null });
      expect(await repo.setStock(nextId(), 1, at(4))).toBeNull();
      expect(await repo.setStock('abc', 1, at(4))).toBeNull();
    });
  });
}
