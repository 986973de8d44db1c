import { type Db, type IndexDescription, MongoServerError } from 'mongodb';
import { storageCall } from './translate-errors.js';

/** Deletes a document once its `expiresAt` has passed (checked about once a minute by MongoDB). */
const expiry: IndexDescription = { key: { expiresAt: 1 }, name: 'expires_at', expireAfterSeconds: 0 };

// Named explicitly so a re-run finds the same index (createIndexes is a no-op for an identical
// spec). FerretDB 1.x implements no partial index option, so none is used.
const INDEXES: Record<string, IndexDescription[]> = {
  users: [{ key: { email: 1 }, name: 'email_unique', unique: true }],
  products: [
    { key: { active: 1, createdAt: -1, _id: -1 }, name: 'active_newest' },
    { key: { category: 1, active: 1, createdAt: -1, _id: -1 }, name: 'category_active_newest' },
  ],
  // What an order may be offered (active, one currency, cheapest first), and the admins' listing.
  shipping_options: [
    { key: { active: 1, currency: 1, unitAmount: 1, name: 1, _id: 1 }, name: 'active_cheapest' },
    { key: { active: 1, createdAt: -1, _id: -1 }, name: 'active_newest' },
    { key: { createdAt: -1, _id: -1 }, name: 'newest' },
  ],
  orders: [
    { key: { userId: 1, createdAt: -1, _id: -1 }, name: 'owner_newest' },
    // Not unique: Stripe's test doubles hand out the same session id for every checkout.
    { key: { 'checkout.sessionId': 1 }, name: 'checkout_session' },
    // The sweep's pendingWithoutCheckout and reconciliation's pendingWithCheckout: pending, oldest
    // first, `_id` breaking ties, so the sort comes from the index and the scan stops at the limit.
    // (It replaces `status_oldest`, {status, createdAt}, which an older version created: drop that.)
    { key: { status: 1, createdAt: 1, _id: 1 }, name: 'pending_oldest' },
    // The administrators' listing: everything, or one status, newest first (one customer: owner_newest).
    { key: { createdAt: -1, _id: -1 }, name: 'newest' },
    { key: { status: 1, createdAt: -1, _id: -1 }, name: 'status_newest' },
    // Refund notifications name the payment, not the order.
    { key: { paymentId: 1 }, name: 'payment' },
    // The to-ship queue: completed orders still unfulfilled, oldest first.
    { key: { 'fulfillment.status': 1, status: 1, createdAt: 1, _id: 1 }, name: 'to_ship_oldest' },
  ],
  // `_id` (`<eventId>#<attempt>`) is the uniqueness that makes a claim atomic; this finds the latest.
  processed_events: [{ key: { eventId: 1, attempt: -1 }, name: 'event_latest_attempt', unique: true }, expiry],
  // `_id` (`<orderId>:<revision>`) decides a transition; a guard expires once its order moved on.
  // Guards and placement records carry their move's events until settled: the dispatch finds those.
  order_transitions: [expiry, { key: { undelivered: 1, updatedAt: 1, _id: 1 }, name: 'undelivered_oldest' }],
  // An order's history, keyed by event id.
  order_events: [{ key: { orderId: 1, at: 1 }, name: 'order_at' }],
  // `_id` (`<productId>:<revision>`) decides a stock change; a guard expires once its level moved on.
  // `intent`: the changes made for one reservation, read when one cut short is repaired.
  stock_changes: [expiry, { key: { intent: 1 }, name: 'intent' }],
  // `_id` = the order id. The sweep reads the open ones (not settled, not released), oldest first:
  // what it costs follows the open work, not the history. (It replaces `created`, {createdAt: 1},
  // which an older version created and which can be dropped.)
  stock_reservations: [{ key: { open: 1, createdAt: 1, _id: 1 }, name: 'open_oldest' }],
  // `_id` = a product id: when it last changed (server time), for other instances to drop its page only.
  catalogue_product_versions: [{ key: { at: 1 }, name: 'stamped' }],
  // `_id` (`<key>@<windowMs>:<start>#<n>`) makes each count unique; this finds a window's highest.
  rate_limit_hits: [{ key: { key: 1, windowMs: 1, start: 1, n: -1 }, name: 'window_highest' }, expiry],
  // `_id` (`<scope>:<key>#<attempt>`) makes a reservation atomic; this finds a key's attempts.
  // `_id` (`<name>#<attempt>`) makes taking a lease atomic; this finds a name's latest attempt.
  leases: [{ key: { name: 1, attempt: -1 }, name: 'lease_latest_attempt', unique: true }, expiry],
  // A user's open sessions (logout everywhere, password changes); the endings other instances poll for.
  sessions: [{ key: { userId: 1 }, name: 'user' }, { key: { endedAt: 1 }, name: 'ended' }, expiry],
  // `_id` (`<sessionId>#<generation>`) decides a rotation; a refresh request finds its token by hash.
  refresh_tokens: [{ key: { hash: 1 }, name: 'hash_unique', unique: true }, expiry],
  // `_id` = the user id (one outstanding reset each); a confirmation finds it by hash.
  password_resets: [{ key: { hash: 1 }, name: 'hash' }, expiry],
  // `_id` = the hash of a used reset token.
  password_reset_uses: [expiry],
  idempotency_records: [{ key: { scope: 1, key: 1, attempt: -1 }, name: 'record_latest_attempt', unique: true }, expiry],
  // `key` (kind, subject, version) makes a message one record; the worker takes the due ones
  // oldest first; admins list them newest first, all or by status.
  outbox: [
    { key: { key: 1 }, name: 'outbox_key', unique: true },
    { key: { status: 1, nextAttemptAt: 1, _id: 1 }, name: 'due' },
    { key: { status: 1, createdAt: -1, _id: -1 }, name: 'status_newest' },
    { key: { createdAt: -1, _id: -1 }, name: 'newest' },
  ],
  // `_id` (`<recordId>#<n>`) makes taking a message atomic; this finds a record's takes, latest first.
  outbox_takes: [{ key: { recordId: 1, n: -1 }, name: 'record_latest_take', unique: true }, expiry],
};

// FerretDB 1.x answers NotImplemented to `expireAfterSeconds`. There the same index is made
// without it (the adapters' sweeps use it), and expired documents are deleted by those sweeps.
const NOT_IMPLEMENTED = 238;

/** Creates every index the adapters rely on. Idempotent: safe at every startup. */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    // One index per command: FerretDB 1.24 drops the connection (a server-side panic) when a
    // single createIndexes names two or more indexes that already exist, i.e. on every restart.
    for (const index of indexes) await storageCall(() => createIndex(db, collection, index));
  }
}

async function createIndex(db: Db, collection: string, index: IndexDescription): Promise<void> {
  try {
    await db.collection(collection).createIndexes([index]);
  } catch (error) {
    const noTtl = error instanceof MongoServerError && error.code === NOT_IMPLEMENTED && index.expireAfterSeconds !== undefined;
    if (!noTtl) throw error;
    const { expireAfterSeconds: _, ...plain } = index;
    await db.collection(collection).createIndexes([plain]);
  }
}
