import type { Collection, Db, Filter } from 'mongodb';
import type { OrderEvents, PendingMove, PendingQuery } from '../../application/ports/order-events.js';
import type { OrderEvent } from '../../domain/order-events.js';
import { toObjectId } from './object-id.js';
import { type EventFields, type OrderEventDocument, eventFields, fromFields, fromHistory, historyDocument } from './order-event-documents.js';
import { GUARD_KEPT_MS, type OrderDocument, type TransitionDocument, applyGuard } from './orders.js';
import { storageCall } from './translate-errors.js';

/** A placement record whose order has not appeared by then never will: its `add` failed. */
const PLACEMENT_GIVEN_UP_MS = 10 * 60_000;

/**
 * The events `MongoOrders` stored in its transition guards and placement records
 * (`order_transitions`, see `TransitionDocument`), and the permanent history they are copied
 * to when settled (`order_events`, keyed by event id, so copying twice keeps one).
 */
export class MongoOrderEvents implements OrderEvents {
  private readonly orders: Collection<OrderDocument>;
  private readonly transitions: Collection<TransitionDocument>;
  private readonly history_: Collection<OrderEventDocument>;

  constructor(db: Db) {
    this.orders = db.collection<OrderDocument>('orders');
    this.transitions = db.collection<TransitionDocument>('order_transitions');
    this.history_ = db.collection<OrderEventDocument>('order_events');
  }

  /**
   * A record whose move is decided but not yet on its order (the winner died between its guard and
   * its order write) is applied first, so a handler never hears of a move the order does not show.
   */
  async pending(query: PendingQuery): Promise<PendingMove[]> {
    if (query.limit < 1) return [];
    const filter: Filter<TransitionDocument> = {
      undelivered: true,
      ...(query.orderIds && { orderId: { $in: [...query.orderIds] } }),
      ...(query.before && { updatedAt: { $lt: query.before } }),
    };
    const docs = await storageCall(() => this.transitions.find(filter).sort({ updatedAt: 1, _id: 1 }).limit(query.limit).toArray());
    const out: PendingMove[] = [];
    for (const doc of docs) {
      if (!doc.applied && !(await this.apply(doc))) continue;
      out.push({ key: doc._id, events: (doc.events ?? []).map(fromFields), handled: doc.handled ?? [] });
    }
    return out;
  }

  async markHandled(key: string, eventId: string, handler: string): Promise<void> {
    await storageCall(() => this.transitions.updateOne({ _id: key }, { $addToSet: { handled: `${eventId} ${handler}` } }));
  }

  async settle(move: PendingMove, at: Date): Promise<void> {
    await storageCall(async () => {
      await this.keep(move.events.map(eventFields));
      await this.transitions.updateOne(
        { _id: move.key, undelivered: true },
        { $set: { expiresAt: new Date(at.getTime() + GUARD_KEPT_MS) }, $unset: { undelivered: '', handled: '' } },
      );
    });
  }

  async history(orderId: string): Promise<OrderEvent[]> {
    if (!toObjectId(orderId)) return [];
    const [kept, waiting] = await storageCall(() =>
      Promise.all([
        this.history_.find({ orderId }).toArray(),
        this.transitions.find({ orderId, undelivered: true, applied: true }).toArray(),
      ]),
    );
    const byId = new Map<string, OrderEvent>();
    for (const e of [...kept.map(fromHistory), ...waiting.flatMap((d) => (d.events ?? []).map(fromFields))]) byId.set(e.id, e);
    return [...byId.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  }

  /** Copies events into the history; a copy made before (a settle retried) is kept as it is. */
  private async keep(events: readonly EventFields[]): Promise<void> {
    if (events.length === 0) return;
    await this.history_
      .insertMany(events.map(historyDocument), { ordered: false })
      .catch((error: unknown) => {
        if (!isOnlyDuplicates(error)) throw error;
      });
  }

  /** `true` once the record's move is on its order; `false` while that is not (yet) so. */
  private async apply(doc: TransitionDocument): Promise<boolean> {
    const now = new Date();
    if (!doc.placement) {
      await applyGuard(this.orders, this.transitions, doc, now);
      return true;
    }
    const _id = toObjectId(doc.orderId ?? '');
    if (_id && (await this.orders.findOne({ _id }, { projection: { _id: 1 } }))) {
      await this.transitions.updateOne({ _id: doc._id }, { $set: { applied: true } });
      return true;
    }
    if (now.getTime() - doc.updatedAt.getTime() > PLACEMENT_GIVEN_UP_MS) await this.transitions.deleteOne({ _id: doc._id });
    return false;
  }
}

function isOnlyDuplicates(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: { code?: number }[] | { code?: number } };
  if (e.code === 11000 && !e.writeErrors) return true;
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return list.length > 0 && list.every((w) => w.code === 11000);
}
