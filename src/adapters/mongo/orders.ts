import { type Collection, type Db, type Filter, ObjectId, type UpdateFilter } from 'mongodb';
import type { FulfillmentState, OrderFilter, Orders } from '../../application/ports/orders.js';
import type { PageQuery } from '../../application/ports/pagination.js';
import type { OrderEvent } from '../../domain/order-events.js';
import { type Checkout, type Order, type OrderStatus, type Refund, orderTotal } from '../../domain/order.js';
import { linesOnly } from '../../domain/price-breakdown.js';
import { type FulfillmentDocument, fulfillmentDocument, toFulfillment } from './fulfillment-document.js';
import { type ShippingDocument, shippingDocument, toShipping } from './shipping-document.js';
import { type EventFields, eventFields } from './order-event-documents.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { requireObjectId, toObjectId } from './object-id.js';
import { NEWEST_FIRST, OLDEST_FIRST, after, afterOldest } from './page.js';
import type { ReadLimit } from './read-limit.js';
import { storageCall } from './translate-errors.js';

/**
 * An order as stored. Only what can't be derived, and no field that would hold `null`: an absent
 * `checkout`, `paymentId`, `refund`, `paymentIssue` or `completedAt` reads as `null` (and MongoDB's
 * `{field: null}` matches it). What the customer pays is kept as its parts (`amounts`). Orders
 * written before that carry no `amounts`: their total is the sum of the line items (`orderTotal`)
 * and reads as the lines alone (no shipping, discount or tax); before that again
 * (`OrderDocumentV1`) they carry `total` and nulls. Every shape is read, and the queries match all.
 */
export type OrderDocument = {
  _id: ObjectId;
  userId: ObjectId;
  /** Snapshots of the products when the order was placed. */
  items: { productId: string; name: string; unitAmount: number; quantity: number; imageUrl?: string }[];
  /** Absent on orders stored before it replaced `total`. */
  currency?: string;
  /** Only on orders stored before `currency` replaced it. */
  total?: { amount: number; currency: string };
  /** The total and its parts, in minor units of `currency`; `shipping` absent while none is chosen. Absent on older orders. */
  amounts?: AmountsDocument;
  /** The shipping step; absent when the order has none (and on orders stored before it existed). */
  shipping?: ShippingDocument;
  status: OrderStatus;
  /** Absent when there is nothing to ship (`not_required`), and on orders stored before it existed. */
  fulfillment?: FulfillmentDocument;
  checkout?: { sessionId: string; url: string } | null;
  paymentId?: string | null;
  refund?: { id: string; status: Refund['status']; restock: boolean } | null;
  paymentIssue?: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt?: Date | null;
  /** How many transitions the order went through; the key of its next transition's guard. */
  revision: number;
  /** The guard nonce of the transition that wrote this revision; absent before the first. */
  transition?: string;
};

export type AmountsDocument = { subtotal: number; shipping?: number; discount: number; tax: number; total: number };

const amountsDocument = (order: Order): AmountsDocument => {
  const { subtotal, shipping, discount, tax } = order.breakdown;
  return { subtotal, ...(shipping !== null && { shipping }), discount, tax, total: order.total.amount };
};

/** The shape stored until the order document was trimmed: every field present, `null` when unset. */
export type OrderDocumentV1 = Omit<OrderDocument, 'currency' | 'total' | 'checkout' | 'paymentIssue' | 'completedAt'> & {
  total: { amount: number; currency: string };
  checkout: { sessionId: string; url: string } | null;
  paymentIssue: string | null;
  completedAt: Date | null;
};

/**
 * One per transition, keyed `<orderId>:<revision>`. It holds what the transition writes (`set`, and
 * `updatedAt` unless the order's is later), so a caller that loses the insert can finish it, and a
 * `nonce` the order then carries, so the winner can tell its own write from another's.
 * `expiresAt` stays null until the order has moved past `revision` (`retire`).
 *
 * The guard also carries the move's `events` (the insert that decides the move stores them):
 * `undelivered` until every handler has them (`MongoOrderEvents.settle`), and `applied` once the
 * order carries the move, when that has to be told apart from retired (`retire`). A guard with
 * undelivered events is retired only when it is settled, so neither TTL nor the sweeper can drop
 * events nobody has handled.
 *
 * A placement record (`<orderId>:placed`, `placement: true`) is the same minus `nonce` and `set`:
 * it is inserted before the order, and `applied` once the order is stored; one never applied
 * belongs to an order that was never stored.
 */
export type TransitionDocument = {
  _id: string;
  nonce?: string;
  set?: Pick<OrderDocument, 'status' | 'revision'> & Partial<Pick<OrderDocument, 'completedAt' | 'paymentIssue' | 'paymentId' | 'refund' | 'amounts' | 'shipping' | 'fulfillment'>>;
  updatedAt: Date;
  expiresAt: Date | null;
  orderId?: string;
  events?: EventFields[];
  handled?: string[];
  undelivered?: true;
  applied?: true;
  placement?: true;
};

export const placementKey = (orderId: string) => `${orderId}:placed`;

/** How often a transition competes again after losing its revision to a move that kept the status (a fulfilment move). */
const STATUS_KEEPING_RETRIES = 10;

/** A retired guard is kept a day for stragglers that read the old revision; then it may go. */
export const GUARD_KEPT_MS = 24 * 3600_000;

/** Only the fields a transition owns: the checkout and a payment issue recorded meanwhile are kept. */
export function changesOf(guard: TransitionDocument): UpdateFilter<OrderDocument> {
  return { $set: { ...guard.set!, transition: guard.nonce! }, $max: { updatedAt: guard.updatedAt } };
}

/** The fields that make a guard carry `events` (none when there are none). */
function withEvents(orderId: string, events: readonly OrderEvent[]): Partial<TransitionDocument> {
  return events.length === 0 ? {} : { orderId, events: events.map(eventFields), undelivered: true };
}

function toDocument(order: Order, revision: number): OrderDocument {
  return {
    _id: requireObjectId(order.id),
    userId: requireObjectId(order.userId),
    items: order.items.map((i) => ({
      productId: i.productId, name: i.name, unitAmount: i.unitAmount, quantity: i.quantity, ...(i.imageUrl && { imageUrl: i.imageUrl }),
    })),
    currency: order.total.currency,
    amounts: amountsDocument(order),
    ...(order.shipping && { shipping: shippingDocument(order.shipping) }),
    status: order.status,
    ...(order.fulfillment.status !== 'not_required' && { fulfillment: fulfillmentDocument(order.fulfillment)! }),
    ...(order.checkout && { checkout: { sessionId: order.checkout.sessionId, url: order.checkout.url } }),
    ...(order.paymentId !== null && { paymentId: order.paymentId }),
    ...(order.refund && { refund: refundDocument(order.refund) }),
    ...(order.paymentIssue !== null && { paymentIssue: order.paymentIssue }),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    ...(order.completedAt && { completedAt: order.completedAt }),
    revision,
  };
}

const refundDocument = (r: Refund) => ({ id: r.id, status: r.status, restock: r.restock });

/** Reads both shapes: the trimmed one and `OrderDocumentV1`. */
function toOrder(doc: OrderDocument): Order {
  const items = doc.items.map((i) => ({
    productId: i.productId, name: i.name, unitAmount: i.unitAmount, quantity: i.quantity, ...(i.imageUrl && { imageUrl: i.imageUrl }),
  }));
  return {
    id: doc._id.toHexString(),
    userId: doc.userId.toHexString(),
    items,
    ...amountsOf(doc, items),
    shipping: doc.shipping ? toShipping(doc.shipping) : null,
    status: doc.status,
    fulfillment: toFulfillment(doc.fulfillment),
    checkout: doc.checkout ? { sessionId: doc.checkout.sessionId, url: doc.checkout.url } : null,
    paymentId: doc.paymentId ?? null,
    refund: doc.refund ? refundDocument(doc.refund) : null,
    paymentIssue: doc.paymentIssue ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    completedAt: doc.completedAt ?? null,
  };
}

function amountsOf(doc: OrderDocument, items: Order['items']): Pick<Order, 'total' | 'breakdown'> {
  const currency = doc.currency ?? doc.total!.currency;
  const a = doc.amounts;
  if (a) return { total: { amount: a.total, currency }, breakdown: { subtotal: a.subtotal, shipping: a.shipping ?? null, discount: a.discount, tax: a.tax } };
  const total = doc.total ? { amount: doc.total.amount, currency } : orderTotal(items, currency);
  return { total, breakdown: linesOnly(total.amount) };
}

export class MongoOrders implements Orders {
  private readonly orders: Collection<OrderDocument>;
  private readonly transitions: Collection<TransitionDocument>;
  private readonly sweep: (now: Date) => void;

  /** `reads`: the time limit of the reads that answer a request (not the jobs', not a transition's). */
  constructor(db: Db, private readonly reads: ReadLimit = {}) {
    this.orders = db.collection<OrderDocument>('orders');
    this.transitions = db.collection<TransitionDocument>('order_transitions');
    this.sweep = expirySweeper(this.transitions);
  }

  async byId(id: string): Promise<Order | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await storageCall(() => this.orders.findOne({ _id }, this.reads));
    return doc && toOrder(doc);
  }

  /** Stripe test doubles reuse session ids, so several orders may match: the newest wins. */
  async byCheckoutSession(sessionId: string): Promise<Order | null> {
    const doc = await storageCall(() =>
      this.orders.findOne({ 'checkout.sessionId': { $eq: sessionId } }, { sort: NEWEST_FIRST, ...this.reads }),
    );
    return doc && toOrder(doc);
  }

  /**
   * With events, a placement record is inserted first and marked `applied` once the order is: a
   * crash in between leaves a record whose order never appeared, which `MongoOrderEvents` drops.
   */
  async add(order: Order, events: readonly OrderEvent[]): Promise<void> {
    const doc = toDocument(order, 0);
    if (events.length === 0) {
      await storageCall(() => this.orders.insertOne(doc));
      return;
    }
    const _id = placementKey(order.id);
    await storageCall(() =>
      this.transitions.insertOne({ _id, updatedAt: order.createdAt, expiresAt: null, placement: true, ...withEvents(order.id, events) }),
    );
    await storageCall(() => this.orders.insertOne(doc));
    await storageCall(() => this.transitions.updateOne({ _id }, { $set: { applied: true } }));
  }

  async listByUser(userId: string, query: PageQuery): Promise<Order[]> {
    const owner = toObjectId(userId);
    if (!owner || query.limit < 1) return [];
    const filter = { userId: owner, ...after<OrderDocument>(query.after) };
    const docs = await storageCall(() => this.orders.find(filter, this.reads).sort(NEWEST_FIRST).limit(query.limit).toArray());
    return docs.map(toOrder);
  }

  async list(filter: OrderFilter, query: PageQuery): Promise<Order[]> {
    if (query.limit < 1) return [];
    const owner = filter.userId === undefined ? undefined : toObjectId(filter.userId);
    if (owner === null) return [];
    const where = {
      ...(owner && { userId: owner }),
      ...(filter.status !== undefined && { status: { $eq: filter.status } }),
      ...after<OrderDocument>(query.after),
    };
    const docs = await storageCall(() => this.orders.find(where, this.reads).sort(NEWEST_FIRST).limit(query.limit).toArray());
    return docs.map(toOrder);
  }

  async byPaymentId(paymentId: string): Promise<Order | null> {
    const doc = await storageCall(() =>
      this.orders.findOne({ paymentId: { $eq: paymentId } }, { sort: NEWEST_FIRST, ...this.reads }),
    );
    return doc && toOrder(doc);
  }

  /**
   * On MongoDB the conditional update alone is atomic. FerretDB (1.x) runs it as a read followed
   * by an unconditional write, so two callers can both "win". The only write both servers make
   * atomic is an insert against a unique key, so the winner is whoever inserts the guard
   * `<id>:<revision>` first; the guard carries the changes, so if the winner dies before writing
   * the order, the next caller finishes its transition instead of blocking it forever.
   *
   * Guards expire, yet no two transitions from one revision can win: a guard is retired (given an
   * `expiresAt`) only once the order has moved past its revision, and revisions only grow, so the
   * conditional write of a caller that read the old revision and re-inserts the deleted guard
   * matches nothing, on either server; the order then carries another transition's nonce and
   * that caller gets `null`. A guard whose winner died before any write is never retired, so no
   * second winner can replace it; the next caller finishes and retires it.
   */
  async transition(id: string, from: OrderStatus, next: Order, events: readonly OrderEvent[]): Promise<Order | null> {
    const set = {
      status: next.status,
      ...(next.completedAt !== null && { completedAt: next.completedAt }),
      ...(next.paymentIssue !== null && { paymentIssue: next.paymentIssue }),
      ...(next.paymentId !== null && { paymentId: next.paymentId }),
      ...(next.refund !== null && { refund: refundDocument(next.refund) }),
      // Only a completion changes them (to what the provider confirmed); any other move
      // writes back what the caller read, which no other write changes.
      amounts: amountsDocument(next),
      // A completion stores the option picked and the address; other moves write back what was read.
      ...(next.shipping && { shipping: shippingDocument(next.shipping) }),
    };
    // Losing the guard to a fulfilment move (which leaves the status as it was) is no reason to
    // give up: the order is still in `from`, so this transition competes for the next revision.
    for (let attempt = 0; ; attempt++) {
      const result = await this.guarded(id, { status: from }, set, next.updatedAt, events);
      if ('order' in result) return result.order;
      if (result.lostTo.set?.status !== from || attempt >= STATUS_KEEPING_RETRIES) return null;
    }
  }

  /**
   * Through the same guard as `transition`, so a fulfilment move and a payment move of one order
   * never both win from one revision; the condition adds the fulfilment version the caller read.
   */
  async fulfil(id: string, from: FulfillmentState, next: Order, events: readonly OrderEvent[]): Promise<Order | null> {
    const fulfillment = fulfillmentDocument(next.fulfillment);
    if (!fulfillment) return null;
    const result = await this.guarded(id, { status: from.status, 'fulfillment.version': from.version }, { status: from.status, fulfillment }, next.updatedAt, events);
    return 'order' in result ? result.order : null;
  }

  /** Served by `to_ship_oldest` ({fulfillment.status, status, createdAt, _id}). */
  async toShip(query: PageQuery): Promise<Order[]> {
    if (query.limit < 1) return [];
    const filter = { 'fulfillment.status': 'unfulfilled', status: 'completed', ...afterOldest<OrderDocument>(query.after) } as const;
    const docs = await storageCall(() => this.orders.find(filter, this.reads).sort(OLDEST_FIRST).limit(query.limit).toArray());
    return docs.map(toOrder);
  }

  /**
   * On MongoDB the conditional update alone is atomic. FerretDB (1.x) runs it as a read followed
   * by an unconditional write, so two callers can both "win". The only write both servers make
   * atomic is an insert against a unique key, so the winner is whoever inserts the guard
   * `<id>:<revision>` first; the guard carries the changes, so if the winner dies before writing
   * the order, the next caller finishes its transition instead of blocking it forever.
   *
   * Guards expire, yet no two transitions from one revision can win: a guard is retired (given an
   * `expiresAt`) only once the order has moved past its revision, and revisions only grow, so the
   * conditional write of a caller that read the old revision and re-inserts the deleted guard
   * matches nothing, on either server; the order then carries another transition's nonce and
   * that caller gets `null`. A guard whose winner died before any write is never retired, so no
   * second winner can replace it; the next caller finishes and retires it.
   */
  private async guarded(
    id: string, condition: Filter<OrderDocument>, set: Omit<NonNullable<TransitionDocument['set']>, 'revision'>, at: Date, events: readonly OrderEvent[],
  ): Promise<{ order: Order | null } | { lostTo: TransitionDocument }> {
    const _id = toObjectId(id);
    if (!_id) return { order: null };
    this.sweep(at);
    return storageCall(async () => {
      const current = await this.orders.findOne({ _id, ...condition }, { projection: { revision: 1 } });
      if (!current) return { order: null };
      const { revision } = current;
      const nonce = new ObjectId().toHexString();
      const guard: TransitionDocument = {
        _id: `${id}:${revision}`,
        nonce,
        set: { ...set, revision: revision + 1 },
        updatedAt: at,
        expiresAt: null,
        ...withEvents(id, events),
      };
      const claimed = await claim(this.transitions, guard);
      if (!claimed.won) {
        await this.finish(claimed.winner, at);
        return { lostTo: claimed.winner };
      }
      // Matching nothing means a loser already finished this very transition from the guard, or
      // the guard was a retired one and the order moved on long ago: the nonce tells which.
      const written =
        (await this.orders.findOneAndUpdate({ _id, ...condition, revision }, changesOf(guard), { returnDocument: 'after' })) ??
        (await this.orders.findOne({ _id }));
      await this.retire(guard, at);
      return { order: written && written.transition === nonce ? toOrder(written) : null };
    });
  }

  async attachCheckout(id: string, checkout: Checkout, at: Date): Promise<void> {
    await this.set(id, { checkout: { sessionId: checkout.sessionId, url: checkout.url }, updatedAt: at });
  }

  async recordRefund(id: string, refund: Refund, at: Date): Promise<void> {
    const _id = toObjectId(id);
    if (!_id) return;
    await storageCall(() => this.orders.updateOne({ _id, status: 'completed' }, { $set: { refund: refundDocument(refund), updatedAt: at } }));
  }

  /** Reads the user's orders that carry an address (by `owner_newest`), then unsets it on each that no longer needs it. */
  async eraseAddresses(userId: string, at: Date): Promise<void> {
    const owner = toObjectId(userId);
    if (!owner) return;
    const docs = await storageCall(() =>
      this.orders.find({ userId: owner, 'shipping.address': { $exists: true } }, { projection: { status: 1, fulfillment: 1 } }).toArray(),
    );
    for (const doc of docs) {
      if (doc.status === 'completed' && doc.fulfillment?.status === 'unfulfilled') continue;
      await storageCall(() => this.orders.updateOne({ _id: doc._id }, { $unset: { 'shipping.address': '' }, $max: { updatedAt: at } }));
    }
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

  /** Served by `pending_oldest` ({status, createdAt, _id}); most pending orders have a checkout, so the scan stops soon. */
  async pendingWithCheckout(cutoff: Date, limit: number): Promise<Order[]> {
    if (limit < 1) return [];
    const docs = await storageCall(() =>
      this.orders
        .find({ status: 'pending', checkout: { $ne: null }, paymentIssue: null, createdAt: { $lt: cutoff } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .toArray(),
    );
    return docs.map(toOrder);
  }

  /** Completes the transition whose guard this caller failed to insert. */
  private async finish(guard: TransitionDocument, at: Date): Promise<void> {
    await applyGuard(this.orders, this.transitions, guard, at);
  }

  /** Only once the order is past the guard's revision: before that, deleting it could let a second caller win. */
  private async retire(guard: TransitionDocument, at: Date): Promise<void> {
    await retireGuard(this.transitions, guard, at);
  }

  private async set(id: string, changes: Partial<OrderDocument>): Promise<void> {
    const _id = toObjectId(id);
    if (!_id) return;
    await storageCall(() => this.orders.updateOne({ _id }, { $set: changes }));
  }
}

/**
 * Writes the move a guard decided onto its order (a no-op once the order is past the guard's
 * revision), then retires the guard. For the loser that finishes a winner's move, and for the
 * event dispatch that finds a guard whose winner died before writing the order.
 */
export async function applyGuard(
  orders: Collection<OrderDocument>, transitions: Collection<TransitionDocument>, guard: TransitionDocument, at: Date,
): Promise<void> {
  const [orderId] = guard._id.split(':');
  await orders.updateOne({ _id: requireObjectId(orderId!), revision: guard.set!.revision - 1 }, changesOf(guard));
  await retireGuard(transitions, guard, at);
}

/**
 * Once the order is past the guard's revision. A guard still carrying undelivered events is only
 * marked `applied`: it expires when its events are settled (`MongoOrderEvents.settle`).
 */
export async function retireGuard(transitions: Collection<TransitionDocument>, guard: TransitionDocument, at: Date): Promise<void> {
  const change = guard.undelivered ? { applied: true as const } : { expiresAt: new Date(at.getTime() + GUARD_KEPT_MS) };
  await transitions.updateOne({ _id: guard._id }, { $set: change });
}
