import type { Stock, StockLine } from '../../application/ports/stock.js';
import { OutOfStock } from '../../domain/errors.js';
import { mergeStockLines } from '../../domain/stock.js';
import type { MemoryProducts } from './products.js';

/** Checks and takes every line without yielding, so concurrent callers see all of it or none. */
export class MemoryStock implements Stock {
  private readonly held = new Map<string, StockLine[]>();
  private readonly released = new Set<string>();

  constructor(private readonly products: MemoryProducts) {}

  async reserve(orderId: string, lines: readonly StockLine[]): Promise<void> {
    const taking: StockLine[] = [];
    for (const line of mergeStockLines(lines)) {
      const stock = this.products.stockOf(line.productId);
      if (stock === null || stock === undefined) continue;
      if (stock < line.quantity) throw new OutOfStock(line.productId, stock);
      taking.push(line);
    }
    if (taking.length === 0) return;
    if (this.held.has(orderId) || this.released.has(orderId)) throw new Error(`Order ${orderId} holds a reservation already.`);
    for (const line of taking) this.products.adjust(line.productId, (stock) => (stock === null ? null : stock - line.quantity));
    this.held.set(orderId, taking);
  }

  async release(orderId: string): Promise<boolean> {
    const lines = this.held.get(orderId);
    if (!lines) return false;
    this.held.delete(orderId);
    this.released.add(orderId);
    for (const line of lines) this.products.adjust(line.productId, (stock) => (stock === null ? null : stock + line.quantity));
    return true;
  }
}
