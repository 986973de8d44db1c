import type { Collection, Db, ObjectId } from 'mongodb';
import type { Orders } from '../../application/ports/orders.js';
import type { PageQuery } from '../../application/ports/pagination.js';
import type { Checkout, Order, OrderStatus } from '../../domain/order.js';
import { requireObjectId, toObjectId } from './object-id.js';
import { NEWEST_FIRST, after } from './page.js';
import { storageCall } from './translate-errors.js';

export type OrderDocument = {
  _id: ObjectId;
  userId: ObjectId;
  items: { productId: string; name: string; unitAmount: number; quantity: number }[];
  total: { amount: number; currency: string };
  status: OrderStatus;
  checkout: { sessionId: string; url: string } | null;
  paymentIssue: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** How many transitions the order went through; the key of its next transition's guard. */
  revision: number;
};

/** One per transition, keyed `<orderId>:<revision>`; holds the result so a survivor can finish it. */
export type TransitionDocument = { _id: string; next: OrderDocument; at: Date };

function toDocument(order: Order, revision: number): OrderDocument {
  return {
    _id: requireObjectId(order.id),
    userId: requireObjectId(order.userId),
    items: order.items.map((i) => ({ productId: i.productId, name: i.name, unitAmount: i.unitAmount, quantity: i.quantity })),
    total: { amount: order.total.amount, currency: order.total.currency },
    status: order.status,
    checkout: order.checkout && { sessionId: order.checkout.sessionId, url: order.checkout.url },
    paymentIssue: order.paymentIssue,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    completedAt: order.completedAt,
    revision,
  };
}

function toOrder(doc: OrderDocument): Order {
  return {
    id: doc._id.toHexString(),
    userId: doc.userId.toHexString(),
    items: doc.items.map((i) => ({ productId: i.productId, name: i.name, unitAmount: i.unitAmount, quantity: i.quantity })),
    total: { amount: doc.total.amount, currency: doc.total.currency },
    status: doc.status,
    checkout: doc.checkout && { sessionId: doc.checkout.sessionId, url: doc.checkout.url },
    paymentIssue: doc.paymentIssue,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    completedAt: doc.completedAt,
  };
}

export class MongoOrders implements Orders {
  private readonly orders: Collection<OrderDocument>;
  private readonly transitions: Collection<TransitionDocument>;

  constructor(db: Db) {
    this.orders = db.collection<OrderDocument>('orders');
    this.transitions = db.collection<TransitionDocument>('order_transitions');
  }

  async byId(id: string): Promise<Order | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await storageCall(() => this.orders.findOne({ _id }));
    return doc && toOrder(doc);
  }

  /** Stripe test doubles reuse session ids, so several orders may match: the newest wins. */
  async byCheckoutSession(sessionId: string): Promise<Order | null> {
    const doc = await storageCall(() =>
      this.orders.findOne({ 'checkout.sessionId': { $eq: sessionId } }, { sort: NEWEST_FIRST }),
    );
    return doc && toOrder(doc);
  }

  async add(order: Order): Promise<void> {
    await storageCall(() => this.orders.insertOne(toDocument(order, 0)));
  }

  async listByUser(userId: string, query: PageQuery): Promise<Order[]> {
    const owner = toObjectId(userId);
    if (!owner || query.limit < 1) return [];
    const filter = { userId: owner, ...after<OrderDocument>(query.after) };
    const docs = await storageCall(() => this.orders.find(filter).sort(NEWEST_FIRST).limit(query.limit).toArray());
    return docs.map(toOrder);
  }

  /**
   * On MongoDB the conditional `findOneAndReplace` alone is atomic. FerretDB (1.x) runs it as a
   * read followed by an unconditional write, so two callers can both "win". The only write both
   * servers make atomic is an insert against a unique key, so the winner is whoever inserts the
   * guard `<id>:<revision>` first; the guard carries the result, so if the winner dies before
   * writing the order, the next caller finishes its transition instead of blocking it forever.
   */
  async transition(id: string, from: OrderStatus, next: Order): Promise<Order | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    return storageCall(async () => {
      const current = await this.orders.findOne({ _id, status: from }, { projection: { revision: 1 } });
      if (!current) return null;
      const revision = current.revision;
      const doc = toDocument({ ...next, id }, revision + 1);
      const guard = { _id: `${id}:${revision}`, next: doc, at: next.updatedAt };
      const won = await storageCall(() => this.transitions.insertOne(guard).then(() => true), () => false);
      if (!won) {
        await this.finishTransition(_id, guard._id, revision);
        return null;
      }
      // Matching nothing means a loser already finished this very transition from the guard.
      await this.orders.findOneAndReplace({ _id, status: from, revision }, doc);
      return toOrder(doc);
    });
  }

  async attachCheckout(id: string, checkout: Checkout, at: Date): Promise<void> {
    await this.set(id, { checkout: { sessionId: checkout.sessionId, url: checkout.url }, updatedAt: at });
  }

  async flagPaymentIssue(id: string, issue: string, at: Date): Promise<void> {
    await this.set(id, { paymentIssue: issue, updatedAt: at });
  }

  async pendingWithoutCheckout(cutoff: Date, limit: number): Promise<Order[]> {
    if (limit < 1) return [];
    const docs = await storageCall(() =>
      this.orders
        .find({ status: 'pending', checkout: null, createdAt: { $lt: cutoff } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .toArray(),
    );
    return docs.map(toOrder);
  }

  private async finishTransition(_id: ObjectId, guardId: string, revision: number): Promise<void> {
    const guard = await this.transitions.findOne({ _id: guardId });
    if (guard) await this.orders.replaceOne({ _id, revision }, guard.next);
  }

  private async set(id: string, changes: Partial<OrderDocument>): Promise<void> {
    const _id = toObjectId(id);
    if (!_id) return;
    await storageCall(() => this.orders.updateOne({ _id }, { $set: changes }));
  }
}
