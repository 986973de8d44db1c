import type { HeldReservation, StockReservations } from '../../application/ports/stock-reservations.js';
import type { ReserveLine, Stock, StockLine } from '../../application/ports/stock.js';
import { OutOfStock } from '../../domain/errors.js';
import { mergeStockLines } from '../../domain/stock.js';
import type { MemoryProducts } from './products.js';

type Held = { lines: StockLine[]; createdAt: Date };

const byAge = (a: HeldReservation, b: HeldReservation) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);

/** Checks and takes every line without yielding, so concurrent callers see all of it or none. */
export class MemoryStock implements Stock, StockReservations {
  private readonly held = new Map<string, Held>();
  private readonly released = new Set<string>();
  /** Held and not settled: all the sweep reads, so its cost follows the open work, not the history. */
  private readonly open = new Set<string>();

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
    this.held.set(orderId, { lines: taking, createdAt: at });
    this.open.add(orderId);
  }

  async release(orderId: string, _at?: Date): Promise<boolean> {
    const held = this.held.get(orderId);
    if (!held) return false;
    this.held.delete(orderId);
    this.open.delete(orderId);
    this.released.add(orderId);
    for (const line of held.lines) this.products.adjust(line.productId, (stock) => (stock === null ? null : stock + line.quantity));
    return true;
  }

  async unsettled(cutoff: Date, limit: number, after?: HeldReservation): Promise<HeldReservation[]> {
    return [...this.open]
      .map((orderId) => ({ orderId, createdAt: this.held.get(orderId)!.createdAt }))
      .filter((r) => r.createdAt < cutoff)
      .filter((r) => !after || byAge(r, after) > 0)
      .sort(byAge)
      .slice(0, Math.max(limit, 0));
  }

  /** Nothing is ever half done here: `reserve` and `release` each change everything in one step. */
  async settle(orderId: string, _at?: Date): Promise<void> {
    this.open.delete(orderId);
  }
}
