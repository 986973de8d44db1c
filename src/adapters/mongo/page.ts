import type { Filter, ObjectId, Sort } from 'mongodb';
import type { PageKey } from '../../application/ports/pagination.js';
import { requireObjectId } from './object-id.js';

type Keyed = { _id: ObjectId; createdAt: Date };

/** Newest first, ties on createdAt broken by id: the order every indexed listing uses. */
export const NEWEST_FIRST: Sort = { createdAt: -1, _id: -1 };

/** Documents strictly after `key` in NEWEST_FIRST order. */
export function after<T extends Keyed>(key: PageKey | undefined): Filter<T> {
  if (!key) return {};
  const _id = requireObjectId(key.id);
  return {
    $or: [{ createdAt: { $lt: key.createdAt } }, { createdAt: key.createdAt, _id: { $lt: _id } }],
  } as Filter<T>;
}

/** Oldest first, ties on createdAt broken by id: the to-ship queue's order. */
export const OLDEST_FIRST: Sort = { createdAt: 1, _id: 1 };

/** Documents strictly after `key` in OLDEST_FIRST order. */
export function afterOldest<T extends Keyed>(key: PageKey | undefined): Filter<T> {
  if (!key) return {};
  const _id = requireObjectId(key.id);
  return {
    $or: [{ createdAt: { $gt: key.createdAt } }, { createdAt: key.createdAt, _id: { $gt: _id } }],
  } as Filter<T>;
}
