import type { OrderEvents, PendingMove, PendingQuery } from '../../application/ports/order-events.js';
import type { OrderEvent } from '../../domain/order-events.js';
import { copy } from './page.js';

type Move = { key: string; events: readonly OrderEvent[]; handled: Set<string>; settled: boolean };

/** Events kept beside the orders of `MemoryOrders`, which records them in the same step as the move. */
export class MemoryOrderEvents implements OrderEvents {
  private readonly moves = new Map<string, Move>();
  private readonly byOrder = new Map<string, Move[]>();

  /** Called by `MemoryOrders` only, in the same synchronous step as the write it belongs to. */
  record(events: readonly OrderEvent[]): void {
    if (events.length === 0) return;
    const move: Move = { key: `${events[0]!.id}`, events: copy(events), handled: new Set(), settled: false };
    this.moves.set(move.key, move);
    for (const orderId of new Set(events.map((e) => e.orderId))) this.byOrder.set(orderId, [...(this.byOrder.get(orderId) ?? []), move]);
  }

  async pending(query: PendingQuery): Promise<PendingMove[]> {
    const wanted = query.orderIds && new Set(query.orderIds);
    const out: PendingMove[] = [];
    // Insertion order is recording order: oldest first.
    for (const move of this.moves.values()) {
      if (out.length >= query.limit) break;
      if (move.settled) continue;
      if (wanted && !move.events.some((e) => wanted.has(e.orderId))) continue;
      if (query.before && !move.events.every((e) => e.at < query.before!)) continue;
      out.push({ key: move.key, events: copy(move.events), handled: [...move.handled] });
    }
    return out;
  }

  async markHandled(key: string, eventId: string, handler: string): Promise<void> {
    this.moves.get(key)?.handled.add(`${eventId} ${handler}`);
  }

  async settle(pending: PendingMove): Promise<void> {
    const move = this.moves.get(pending.key);
    if (move) move.settled = true;
  }

  async history(orderId: string): Promise<OrderEvent[]> {
    return copy((this.byOrder.get(orderId) ?? []).flatMap((m) => m.events.filter((e) => e.orderId === orderId)));
  }
}
