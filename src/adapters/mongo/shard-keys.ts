import type { Db, Document } from 'mongodb';

/**
 * The collections in which an insert against `_id` alone decides who wins (a transition, a stock
 * change, a release, a reservation, a level, a rate-limit count, an event kept once), with the
 * fields a shard key may use there: `_id`, or fields every document with a given `_id` has the
 * same value of (so equal `_id`s always land on one shard). Sharded on any other field, MongoDB
 * enforces `_id` uniqueness per shard only: two callers on two shards would both win, silently
 * (double transitions, overselling, double give-backs). Collections whose claims also rest on a
 * unique secondary index (`processed_events`, `idempotency_records`, `leases`, `users`) need no
 * check: MongoDB refuses that index unless the shard key prefixes it, and start-up fails creating it.
 */
export const GUARD_COLLECTIONS: Readonly<Record<string, readonly string[]>> = {
  order_transitions: ['_id'],
  order_events: ['_id', 'orderId', 'type'], // `_id` = `<orderId>.<type>`
  stock_levels: ['_id'],
  stock_changes: ['_id'],
  stock_reservations: ['_id'],
  stock_releases: ['_id'],
  rate_limit_hits: ['_id', 'key', 'windowMs', 'start', 'n'], // `_id` = `<key>@<windowMs>:<start>#<n>`
};

/** A `config.collections` entry, as a mongos reports it. */
export type ShardedCollection = Readonly<{ _id: string; key?: Document; dropped?: boolean }>;

const derived = (key: Document | undefined, allowed: readonly string[]) =>
  key !== undefined && Object.keys(key).length > 0 && Object.keys(key).every((field) => allowed.includes(field));

/** What is wrong with how `dbName`'s guard collections are sharded: one sentence each, `[]` when nothing. */
export function wrongShardKeys(dbName: string, sharded: readonly ShardedCollection[]): string[] {
  return sharded.flatMap(({ _id, key, dropped }) => {
    const name = _id.startsWith(`${dbName}.`) ? _id.slice(dbName.length + 1) : null;
    const allowed = name === null ? undefined : GUARD_COLLECTIONS[name];
    if (dropped || !allowed || derived(key, allowed)) return [];
    const also = allowed.length > 1 ? `, or on ${allowed.slice(1).join(', ')}, which _id determines` : '';
    return [`${name} is sharded on ${JSON.stringify(key)}: an insert against _id decides there, so it must be sharded on _id ({_id: "hashed"} or {_id: 1}${also}) or not at all`];
  });
}

/**
 * On a sharded cluster (the server is a mongos), refuses to start when a guard collection is
 * sharded on anything but `_id`. Elsewhere there are no shards, and nothing is read.
 */
export async function checkShardKeys(db: Db): Promise<void> {
  const hello = await db.admin().command({ hello: 1 });
  if (hello['msg'] !== 'isdbgrid') return;
  const sharded = await db.client.db('config').collection<ShardedCollection>('collections')
    .find({ _id: { $regex: `^${db.databaseName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.` } }).toArray();
  const wrong = wrongShardKeys(db.databaseName, sharded);
  if (wrong.length > 0) throw new Error(`The sharded collections would break exactly-once: ${wrong.join('; ')}. See docs/scaling.md.`);
}
