import { describe, expect, it } from 'vitest';
import type { OrderFilter, Orders } from '../../src/application/ports/orders.js';
import type { PageKey } from '../../src/application/ports/pagination.js';
import type { ProductQuery, Products } from '../../src/application/ports/products.js';
import type { Order, OrderStatus } from '../../src/domain/order.js';
import type { Product } from '../../src/domain/product.js';
import { at, nextId, orderRecord, productRecord } from '../support/records.js';

// Lists after writes of every kind, checked against a plain sort of the rows: an adapter that
// keeps its orderings (the memory one) fails these when a write forgets to move a row.

const ids = (rows: readonly PageKey[]) => rows.map((r) => r.id);
const checkout = (sessionId: string) => ({ sessionId, url: `https://checkout.example/${sessionId}` });

/** The reference: newest first by createdAt, then id, both descending. */
const newestFirst = <T extends PageKey>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

/** A small deterministic generator, so a failure replays the same way. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

function shuffled<T>(rows: readonly T[], pick: (n: number) => number): T[] {
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every page of a listing, following each page's last key like a client following `Link: next`. */
async function allPages<T extends PageKey>(list: (query: { limit: number; after?: PageKey }) => Promise<T[]>, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after: PageKey | undefined;
  for (;;) {
    const page = await list({ limit, ...(after && { after }) });
    if (page.length === 0) return pages;
    pages.push(ids(page));
    const last = page.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** The same rows cut in pages of `limit`. */
const pagesOf = (rows: readonly PageKey[], limit: number): string[][] => {
  const pages: string[][] = [];
  for (let i = 0; i < rows.length; i += limit) pages.push(ids(rows.slice(i, i + limit)));
  return pages;
};

/** Lists of `Products` stay right through out-of-order inserts and every kind of update. */
export function productListOrderingsContract(make: () => Promise<Products>): void {
  describe('Products lists after writes', () => {
    const shapes: ReadonlyArray<Omit<ProductQuery, 'limit'>> = [
      { activeOnly: false }, { activeOnly: true }, { activeOnly: false, archivedOnly: true },
      { activeOnly: false, category: 'kitchen' }, { activeOnly: true, category: 'kitchen' },
      { activeOnly: true, category: 'garden' }, { activeOnly: false, archivedOnly: true, category: 'garden' },
    ];
    const matches = (p: Product, shape: Omit<ProductQuery, 'limit'>) =>
      (!shape.activeOnly || p.active) && (!shape.archivedOnly || !p.active) && (shape.category === undefined || p.category === shape.category);

    async function expectListsMatch(repo: Products, stored: readonly Product[]): Promise<void> {
      for (const shape of shapes) {
        const expected = newestFirst(stored.filter((p) => matches(p, shape)));
        const pages = await allPages((q) => repo.list({ ...shape, ...q }), 4);
        expect({ shape, pages }).toEqual({ shape, pages: pagesOf(expected, 4) });
      }
    }

    it('lists products inserted in any createdAt order, ties included, in every query shape and page', async () => {
      const pick = random(7);
      const categories = ['kitchen', 'garden', null] as const;
      const products = Array.from({ length: 30 }, () =>
        productRecord({ createdAt: at(pick(8)), category: categories[pick(3)]!, active: pick(4) !== 0 }));
      const repo = await make();
      for (const p of shuffled(products, pick)) await repo.add(p);
      await expectListsMatch(repo, products);
    });

    it('moves a product between listings when its category or active flag changes, at its own place', async () => {
      const pick = random(11);
      const products = Array.from({ length: 20 }, (_, i) =>
        productRecord({ createdAt: at(i % 7), category: i % 2 ? 'kitchen' : 'garden', active: i % 5 !== 0 }));
      const repo = await make();
      for (const p of shuffled(products, pick)) await repo.add(p);
      const stored = new Map(products.map((p) => [p.id, p]));
      for (let step = 0; step < 12; step++) {
        const target = products[pick(products.length)]!;
        const changes = step % 3 === 0
          ? { active: !stored.get(target.id)!.active }
          : step % 3 === 1 ? { category: stored.get(target.id)!.category === 'kitchen' ? 'garden' : 'kitchen' } : { category: null, active: true };
        const updated = await repo.update(target.id, changes);
        stored.set(target.id, updated!);
        if (step % 4 === 3) await expectListsMatch(repo, [...stored.values()]);
      }
      await expectListsMatch(repo, [...stored.values()]);
    });

    it('lists an archived product among the archived, at its createdAt, and back among the active when restored', async () => {
      const [p1, p2, p3, p4] = [1, 2, 3, 4].map((s) => productRecord({ createdAt: at(s), active: s % 2 === 0 }));
      const repo = await make();
      for (const p of [p4, p1, p3, p2]) await repo.add(p!);
      const archived = { limit: 10, activeOnly: false, archivedOnly: true };
      expect(ids(await repo.list(archived))).toEqual(ids([p3!, p1!]));
      await repo.update(p2!.id, { active: false });
      expect(ids(await repo.list(archived))).toEqual(ids([p3!, p2!, p1!]));
      expect(ids(await repo.list({ limit: 10, activeOnly: true }))).toEqual(ids([p4!]));
      await repo.update(p3!.id, { active: true });
      expect(ids(await repo.list(archived))).toEqual(ids([p2!, p1!]));
      expect(ids(await repo.list({ limit: 10, activeOnly: true }))).toEqual(ids([p4!, p3!]));
    });

    it('pages from a cursor in the middle, also one between two stored keys, and lists the current stock', async () => {
      const products = [1, 2, 3, 4, 5, 6].map((s) => productRecord({ createdAt: at(s), stock: 5 }));
      const repo = await make();
      for (const p of shuffled(products, random(3))) await repo.add(p);
      const [p1, p2, p3, p4] = products as [Product, Product, Product, Product];
      const all = { activeOnly: false };
      expect(ids(await repo.list({ ...all, limit: 2, after: { createdAt: p4.createdAt, id: p4.id } }))).toEqual(ids([p3, p2]));
      // A key no product has (the one it named was deleted, say): the page starts just below it.
      const between = { createdAt: new Date(p4.createdAt.getTime() - 500), id: nextId() };
      expect(ids(await repo.list({ ...all, limit: 10, after: between }))).toEqual(ids([p3, p2, p1]));
      // The same createdAt as p3, with an id sorting after p3's: p3 itself comes next.
      expect(ids(await repo.list({ ...all, limit: 1, after: { createdAt: p3.createdAt, id: nextId() } }))).toEqual(ids([p3]));
      await repo.setStock(p3.id, 0, at(10));
      expect((await repo.list({ ...all, limit: 1, after: { createdAt: p4.createdAt, id: p4.id } }))[0]).toEqual({ ...p3, stock: 0 });
    });
  });
}

/** Lists and lookups of `Orders` stay right through out-of-order inserts and every kind of write. */
export function orderListOrderingsContract(make: () => Promise<Orders>): void {
  describe('Orders lists after writes', () => {
    const users = [nextId(), nextId(), nextId()];
    const statuses: readonly OrderStatus[] = ['pending', 'completed', 'cancelled', 'refunded'];
    const filters: readonly OrderFilter[] = [
      {}, ...statuses.map((status) => ({ status })), ...users.map((userId) => ({ userId })),
      { userId: users[0]!, status: 'pending' }, { userId: users[1]!, status: 'completed' },
    ];
    const matches = (o: Order, f: OrderFilter) => (f.status === undefined || o.status === f.status) && (f.userId === undefined || o.userId === f.userId);

    async function expectListsMatch(repo: Orders, stored: readonly Order[]): Promise<void> {
      for (const filter of filters) {
        const expected = newestFirst(stored.filter((o) => matches(o, filter)));
        const pages = await allPages((q) => repo.list(filter, q), 3);
        expect({ filter, pages }).toEqual({ filter, pages: pagesOf(expected, 3) });
      }
      for (const userId of users) {
        const pages = await allPages((q) => repo.listByUser(userId, q), 3);
        expect({ userId, pages }).toEqual({ userId, pages: pagesOf(newestFirst(stored.filter((o) => o.userId === userId)), 3) });
      }
    }

    it('lists orders inserted in any createdAt order, ties included, and moves them between status listings on transitions', async () => {
      const pick = random(5);
      const orders = Array.from({ length: 24 }, () => orderRecord({ userId: users[pick(3)]!, createdAt: at(pick(6)) }));
      const repo = await make();
      for (const o of shuffled(orders, pick)) await repo.add(o, []);
      const stored = new Map(orders.map((o) => [o.id, o]));
      await expectListsMatch(repo, orders);
      const moves: ReadonlyArray<[OrderStatus, OrderStatus]> = [['pending', 'completed'], ['pending', 'cancelled'], ['completed', 'refunded']];
      for (let step = 0; step < 16; step++) {
        const order = orders[pick(orders.length)]!;
        const current = stored.get(order.id)!;
        const move = moves.find(([from]) => from === current.status);
        if (!move) continue;
        const next = { ...current, status: move[1], updatedAt: at(20 + step) };
        const moved = await repo.transition(order.id, move[0], next, []);
        expect(moved?.status).toBe(move[1]);
        stored.set(order.id, moved!);
        if (step % 5 === 4) await expectListsMatch(repo, [...stored.values()]);
      }
      await expectListsMatch(repo, [...stored.values()]);
    });

    it('moves an order out of the pending queues as its checkout, payment issue and status change', async () => {
      const [o1, o2, o3] = [1, 2, 3].map((s) => orderRecord({ createdAt: at(s) })) as [Order, Order, Order];
      const repo = await make();
      for (const o of [o3, o1, o2]) await repo.add(o, []);
      const cutoff = at(10);
      expect(ids(await repo.pendingWithoutCheckout(cutoff, 10))).toEqual(ids([o1, o2, o3]));
      expect(await repo.pendingWithCheckout(cutoff, 10)).toEqual([]);
      await repo.attachCheckout(o2.id, checkout('cs_2'), at(4));
      await repo.attachCheckout(o1.id, checkout('cs_1'), at(4));
      expect(ids(await repo.pendingWithoutCheckout(cutoff, 10))).toEqual(ids([o3]));
      expect(ids(await repo.pendingWithCheckout(cutoff, 10))).toEqual(ids([o1, o2]));
      await repo.flagPaymentIssue(o1.id, 'amount mismatch', at(5));
      expect(ids(await repo.pendingWithCheckout(cutoff, 10))).toEqual(ids([o2]));
      await repo.transition(o2.id, 'pending', { ...o2, status: 'cancelled', updatedAt: at(6) }, []);
      await repo.transition(o3.id, 'pending', { ...o3, status: 'cancelled', updatedAt: at(6) }, []);
      expect(await repo.pendingWithCheckout(cutoff, 10)).toEqual([]);
      expect(await repo.pendingWithoutCheckout(cutoff, 10)).toEqual([]);
      expect(ids(await repo.list({ status: 'cancelled' }, { limit: 10 }))).toEqual(ids([o3, o2]));
    });

    it('finds orders by a checkout session or payment given to them after they were stored', async () => {
      const [older, newer] = [orderRecord({ createdAt: at(1) }), orderRecord({ createdAt: at(2) })];
      const repo = await make();
      for (const o of [newer, older]) await repo.add(o, []);
      expect(await repo.byCheckoutSession('cs_moving')).toBeNull();
      await repo.attachCheckout(older.id, checkout('cs_moving'), at(3));
      expect((await repo.byCheckoutSession('cs_moving'))?.id).toBe(older.id);
      await repo.attachCheckout(newer.id, checkout('cs_moving'), at(3));
      expect((await repo.byCheckoutSession('cs_moving'))?.id).toBe(newer.id);
      // The newer order's checkout replaced: the session now belongs to the older one alone.
      await repo.attachCheckout(newer.id, checkout('cs_other'), at(4));
      expect((await repo.byCheckoutSession('cs_moving'))?.id).toBe(older.id);
      expect((await repo.byCheckoutSession('cs_other'))?.id).toBe(newer.id);
      expect(await repo.byPaymentId('pi_late')).toBeNull();
      await repo.transition(older.id, 'pending', { ...older, status: 'completed', completedAt: at(5), updatedAt: at(5), paymentId: 'pi_late' }, []);
      expect(await repo.byPaymentId('pi_late')).toMatchObject({ id: older.id, status: 'completed', checkout: checkout('cs_moving') });
    });
  });
}
