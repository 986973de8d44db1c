import type { Products } from '../../src/application/ports/products.js';
import type { Product } from '../../src/domain/product.js';

const T0 = Date.UTC(2026, 0, 1);

/** The i-th product of a benchmark catalogue: one a second from 2026-01-01, 10 categories, 1 in 50 archived. */
export function benchProduct(i: number): Product {
  return {
    id: `65f0${i.toString(16).padStart(20, '0')}`, name: `Bench product ${i}`, description: 'A product the benchmark made.',
    category: `bench-${i % 10}`, price: { amount: 1000 + (i % 100), currency: 'eur' }, active: i % 50 !== 0, stock: null,
    imageUrl: null, shippable: true, createdAt: new Date(T0 + i * 1000),
  };
}

/** Adds products 0 … count-1 straight through the storage port (no HTTP), `inFlight` at a time. */
export async function seedProducts(products: Products, count: number, inFlight = 1): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await products.add(benchProduct(next++));
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}
