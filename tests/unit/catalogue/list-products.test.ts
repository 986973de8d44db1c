import { beforeEach, describe, expect, it } from 'vitest';
import { ListProducts } from '../../../src/application/catalogue/list-products.js';
import { MAX_PAGE_SIZE, type Page } from '../../../src/application/shared/pagination.js';
import { InvalidInput } from '../../../src/domain/errors.js';
import type { Product } from '../../../src/domain/product.js';
import { T0, aProduct } from '../../support/builders.js';
import { type Harness, MINUTE, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('ListProducts', () => {
  const listProducts = () => new ListProducts(t.products);

  /** Walks every page, returning the pages' ids. `between` runs after each page. */
  async function walk(
    request: { limit: number; category?: string },
    between: (page: Page<Product>) => Promise<void> = async () => {},
  ): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listProducts().execute({ ...request, ...(cursor !== undefined && { cursor }) });
      pages.push(page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      await between(page);
    } while (cursor !== undefined && pages.length < 100);
    return pages;
  }

  /** `count` products, one minute apart; the result is newest first. */
  async function catalogue(count: number, customize = (b: ReturnType<typeof aProduct>, _i: number) => b) {
    const list: Product[] = [];
    for (let i = 0; i < count; i += 1) {
      list.push(customize(aProduct().withId(t.ids.next()).createdAt(new Date(T0.getTime() + i * MINUTE)), i).build());
    }
    await t.inCatalogue(...list);
    return list.reverse();
  }

  it('returns at most `limit` products, newest first, with a cursor to the next page', async () => {
    const all = await catalogue(25);
    const first = await listProducts().execute({ limit: 10 });
    expect(first.items.map((p) => p.id)).toEqual(all.slice(0, 10).map((p) => p.id));
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('walks every product exactly once by following the cursors', async () => {
    const all = await catalogue(25);
    const pages = await walk({ limit: 10 });
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(all.map((p) => p.id));
  });

  it('gives no next cursor when the last page is exactly full', async () => {
    await catalogue(20);
    const pages = await walk({ limit: 10 });
    expect(pages.map((p) => p.length)).toEqual([10, 10]);
  });

  it('walks products created in the same millisecond without duplicates or gaps', async () => {
    const list = Array.from({ length: 7 }, () => aProduct().withId(t.ids.next()).createdAt(T0).build());
    await t.inCatalogue(...list);
    const pages = await walk({ limit: 3 });
    expect(pages.flat()).toEqual(list.map((p) => p.id).reverse());
  });

  it('neither repeats nor skips products when new ones are added between pages', async () => {
    const original = await catalogue(12);
    let added = 0;
    const pages = await walk({ limit: 5 }, async () => {
      // Newer than everything, and one that ties the newest timestamp already seen.
      await t.inCatalogue(
        aProduct().withId(t.ids.next()).createdAt(new Date(T0.getTime() + (100 + added) * MINUTE)).build(),
        aProduct().withId(t.ids.next()).createdAt(original[0]!.createdAt).build(),
      );
      added += 1;
    });
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(original.map((p) => p.id));
  });

  it('filters by category', async () => {
    const all = await catalogue(9, (b, i) => b.inCategory(i % 3 === 0 ? 'tea' : 'mugs'));
    const pages = await walk({ limit: 2, category: 'tea' });
    expect(pages.flat()).toEqual(all.filter((p) => p.category === 'tea').map((p) => p.id));
  });

  it('hides inactive products', async () => {
    const all = await catalogue(6, (b, i) => (i % 2 ? b.inactive() : b));
    const page = await listProducts().execute({ limit: 10 });
    expect(page.items.map((p) => p.id)).toEqual(all.filter((p) => p.active).map((p) => p.id));
    expect(page.items.every((p) => p.active)).toBe(true);
  });

  it('rejects a cursor it did not issue', async () => {
    await catalogue(3);
    const forged = [
      'garbage',
      '',
      Buffer.from('123.not-an-id').toString('base64url'),
      Buffer.from(`abc.${'0'.repeat(24)}`).toString('base64url'),
      Buffer.from(`123.${'0'.repeat(24)}.extra`).toString('base64url'),
    ];
    for (const cursor of forged) {
      await expect(listProducts().execute({ limit: 10, cursor }), cursor).rejects.toThrow(InvalidInput);
    }
  });

  it(`rejects a limit outside 1..${MAX_PAGE_SIZE}, and serves pages of 1 and of ${MAX_PAGE_SIZE}`, async () => {
    const all = (await catalogue(MAX_PAGE_SIZE + 1)).map((p) => p.id);
    for (const limit of [0, -1, MAX_PAGE_SIZE + 1, 1.5, Number.NaN]) {
      await expect(listProducts().execute({ limit }), String(limit)).rejects.toThrow(InvalidInput);
    }
    const one = await listProducts().execute({ limit: 1 });
    expect(one.items.map((p) => p.id)).toEqual(all.slice(0, 1));
    expect(one.nextCursor).toEqual(expect.any(String));
    const full = await listProducts().execute({ limit: MAX_PAGE_SIZE });
    expect(full.items.map((p) => p.id)).toEqual(all.slice(0, MAX_PAGE_SIZE));
    expect(full.nextCursor).toEqual(expect.any(String));
  });
});
