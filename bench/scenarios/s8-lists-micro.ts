// In-process cost of one page from the memory adapters at catalogue size N, no HTTP:
//   npx tsx bench/scenarios/s8-lists-micro.ts            (N = 100,000 and 20; prints JSON)
// Times `MemoryProducts.list` for the first page and for page 500 (a cursor 10,000 items deep),
// active products only, like `GET /api/products`, and `MemoryOrders.listByUser` on 100,000 orders
// of 100 customers. CPU time of this process per call (process.cpuUsage), medians.
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import type { PageKey } from '../../src/application/ports/pagination.js';
import type { Order } from '../../src/domain/order.js';
import { benchProduct } from '../lib/bench-products.js';
import { NOT_REQUIRED } from '../../src/domain/fulfillment.js';

const T0 = Date.UTC(2026, 0, 1);
const id = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(20, '0')}`;
const LIMIT = 21; // what paginate() asks the adapter for at ?limit=20

function benchOrder(i: number): Order {
  const at = new Date(T0 + i * 1000);
  return {
    id: id('65f3', i), userId: id('65f1', i % 100),
    items: [{ productId: id('65f0', 1), name: 'Teapot', unitAmount: 1999, quantity: 1 }],
    total: { amount: 1999, currency: 'eur' }, breakdown: { subtotal: 1999, shipping: 0, discount: 0, tax: 0 }, shipping: null, status: i % 3 === 0 ? 'completed' : 'pending', fulfillment: NOT_REQUIRED,
    checkout: null, paymentId: null, refund: null, paymentIssue: null, createdAt: at, updatedAt: at, completedAt: null,
  };
}

/** Median CPU milliseconds of `fn` over `times` calls (after a few warm-up calls). */
async function cpuMs(fn: () => Promise<unknown>, times: number): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const before = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** The key a client holds after `pages` pages of `limit` (the last item of the page before). */
async function keyAfter(list: (after?: PageKey) => Promise<Array<PageKey>>, items: number): Promise<PageKey | undefined> {
  let after: PageKey | undefined;
  for (let seen = 0; seen < items; ) {
    const page = (await list(after)).slice(0, 100);
    if (page.length === 0) break;
    seen += page.length;
    after = page.at(-1)!;
  }
  return after;
}

async function measure(n: number, times: number) {
  const products = new MemoryProducts();
  const seeding = process.cpuUsage();
  for (let i = 0; i < n; i++) await products.add(benchProduct(i));
  const seeded = process.cpuUsage(seeding);
  const list = (after?: PageKey) => products.list({ limit: 101, activeOnly: true, ...(after && { after }) });
  const deep = await keyAfter(list, 10_000);
  const orders = new MemoryOrders();
  for (let i = 0; i < n; i++) await orders.add(benchOrder(i), []);
  return {
    products: n,
    addAllProductsMs: Math.round((seeded.user + seeded.system) / 1000),
    productsPage1Ms: await cpuMs(() => products.list({ limit: LIMIT, activeOnly: true }), times),
    productsPage500Ms: n > 10_000 ? await cpuMs(() => products.list({ limit: LIMIT, activeOnly: true, ...(deep && { after: deep }) }), times) : null,
    productsCategoryPage1Ms: await cpuMs(() => products.list({ limit: LIMIT, activeOnly: true, category: 'bench-3' }), times),
    ordersOfOneUserPage1Ms: await cpuMs(() => orders.listByUser(id('65f1', 7), { limit: LIMIT }), times),
    ordersAdminCompletedPage1Ms: await cpuMs(() => orders.list({ status: 'completed' }, { limit: LIMIT }), times),
  };
}

const big = await measure(Number(process.env['BENCH_PRODUCTS'] ?? 100_000), Number(process.env['BENCH_TIMES'] ?? 30));
const small = await measure(20, 200);
process.stdout.write(`${JSON.stringify({ big, small })}\n`);
