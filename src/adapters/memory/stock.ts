import type { HeldReservation, StockReservations } from '../../application/ports/stock-reservations.js';
import type { ReserveLine, Stock, StockLine } from '../../application/ports/stock.js';
import { OutOfStock } from '../../domain/errors.js';
import { mergeStockLines } from '../../domain/stock.js';
import type { MemoryProducts } from './products.js';

type Held = { lines: StockLine[]; createdAt: Date; settled: boolean };

const byAge = (a: HeldReservation, b: HeldReservation) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);

/** Checks and takes every line without yielding, so concurrent callers see all of it or none. */
export class MemoryStock implements Stock, StockReservations {
  private readonly held = new Map<string, Held>();
  private readonly released = new Set<string>();

  constructor(private readonly products: MemoryProducts) {}

  /** `available` is not needed: reading the count here costs nothing, and it is the count now. */
  async reserve(orderId: string, lines: readonly ReserveLine[], at: Date): Promise<void> {
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
    this.held.set(orderId, { lines: taking, createdAt: at, settled: false });
  }

  async release(orderId: string, _at?: Date): Promise<boolean> {
    const held = this.held.get(orderId);
    if (!held) return false;
    this.held.delete(orderId);
    this.released.add(orderId);
    for (const line of held.lines) this.products.adjust(line.productId, (stock) => (stock === null ? null : stock + line.quantity));
    return true;
  }

  async unsettled(cutoff: Date, limit: number, after?: HeldReservation): Promise<HeldReservation[]> {
    return [...this.held]
      .filter(([, h]) => !h.settled && h.createdAt < cutoff)
      .map(([orderId, h]) => ({ orderId, createdAt: h.createdAt }))
      .filter((r) => !after || byAge(r, after) > 0)
      .sort(byAge)
      .slice(0, Math.max(limit, 0));
  }

  /** Nothing is ever half done here: `reserve` and `release` each change everything in one step. */
  async settle(orderId: string, _at?: Date): Promise<void> {
    const held = this.held.get(orderId);
    if (held) held.settled = true;
  }
}
