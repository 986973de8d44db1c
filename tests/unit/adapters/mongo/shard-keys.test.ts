import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { GUARD_COLLECTIONS, checkShardKeys, wrongShardKeys } from '../../../../src/adapters/mongo/shard-keys.js';

/** A `Db` as far as the check reads it: `hello` and `config.collections`, as a mongos (or not) answers. */
function stubDb(dbName: string, hello: Record<string, unknown>, collections: { _id: string; key?: Record<string, unknown>; dropped?: boolean }[]): Db {
  const reads: unknown[] = [];
  const db = {
    databaseName: dbName,
    admin: () => ({ command: async () => hello }),
    client: {
      db: (name: string) => ({
        collection: (collection: string) => ({
          find: (filter: { _id: { $regex: string } }) => {
            reads.push({ name, collection, filter });
            const pattern = new RegExp(filter._id.$regex);
            return { toArray: async () => collections.filter((c) => pattern.test(c._id)) };
          },
        }),
      }),
    },
    reads,
  };
  return db as unknown as Db;
}

describe('the shard-key check', () => {
  it('accepts guard collections sharded on _id (hashed or ranged), unsharded ones, and any key elsewhere', () => {
    expect(wrongShardKeys('shop', [
      { _id: 'shop.order_transitions', key: { _id: 'hashed' } },
      { _id: 'shop.stock_changes', key: { _id: 1 } },
      { _id: 'shop.orders', key: { userId: 1 } },
      { _id: 'shop.processed_events', key: { eventId: 1 } },
      { _id: 'other.stock_changes', key: { productId: 1 } },
      { _id: 'shop.stock_releases', key: { orderId: 1 }, dropped: true },
      // Fields every document with one `_id` shares: equal `_id`s land on one shard.
      { _id: 'shop.rate_limit_hits', key: { key: 1, windowMs: 1, start: 1 } },
      { _id: 'shop.order_events', key: { orderId: 'hashed' } },
    ])).toEqual([]);
  });

  it('names every guard collection sharded on anything but _id', () => {
    const names = Object.keys(GUARD_COLLECTIONS);
    const wrong = wrongShardKeys('shop', names.map((name) => ({ _id: `shop.${name}`, key: { _id: 1, createdAt: 1 } })));
    expect(wrong).toHaveLength(names.length);
    expect(wrong[0]).toBe('order_transitions is sharded on {"_id":1,"createdAt":1}: an insert against _id decides there, so it must be sharded on _id ({_id: "hashed"} or {_id: 1}) or not at all');
    expect(wrongShardKeys('shop', [{ _id: 'shop.rate_limit_hits', key: { key: 1, expiresAt: 1 } }])).toEqual([
      'rate_limit_hits is sharded on {"key":1,"expiresAt":1}: an insert against _id decides there, so it must be sharded on _id ({_id: "hashed"} or {_id: 1}, or on key, windowMs, start, n, which _id determines) or not at all',
    ]);
  });

  it('refuses to start on a mongos with a wrong key, and reads nothing on a replica set or a standalone', async () => {
    const sharded = [{ _id: 'shop.stock_changes', key: { productId: 'hashed' } }, { _id: 'shopping.stock_changes', key: { x: 1 } }];
    await expect(checkShardKeys(stubDb('shop', { msg: 'isdbgrid' }, sharded))).rejects.toThrow(
      /^The sharded collections would break exactly-once: stock_changes is sharded on \{"productId":"hashed"\}.*See docs\/scaling\.md\.$/,
    );
    await expect(checkShardKeys(stubDb('shop', { msg: 'isdbgrid' }, [{ _id: 'shop.stock_changes', key: { _id: 'hashed' } }]))).resolves.toBeUndefined();
    const replicaSet = stubDb('shop', { setName: 'rs0', isWritablePrimary: true }, sharded);
    await expect(checkShardKeys(replicaSet)).resolves.toBeUndefined();
    expect((replicaSet as unknown as { reads: unknown[] }).reads).toEqual([]);
  });
});
