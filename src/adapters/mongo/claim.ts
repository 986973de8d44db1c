import type { Collection, Filter, MongoServerError, OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey, storageCall } from './translate-errors.js';

/** Who holds the key now: the caller's document, or the one that was there first. */
export type Claim<T> = Readonly<{ won: true; doc: T }> | Readonly<{ won: false; winner: T }>;

export type ClaimOptions<T> = Readonly<{
  /** The uniquely indexed field whose value is claimed; `_id` unless given. */
  key?: keyof T & string;
}>;

/** A winner deleted between a failed insert and the read of it, again and again, is a duplicate elsewhere. */
const MAX_ATTEMPTS = 4;

/**
 * Claims `doc[key]` by inserting `doc`: a unique-key insert is the one write that has exactly one
 * winner on every MongoDB-wire server (FerretDB 1.x runs a conditional update as a read and then
 * an unconditional write, so two callers of one could both "win"). The loser reads the winner.
 *
 * A winner that is gone when read (deleted meanwhile) frees the key, so the insert is tried again,
 * as if the caller had come a moment later. A duplicate key in another unique index is no claim
 * lost: MongoDB names that index and the error propagates at once; FerretDB names none, so the
 * key turns out to be free at every read, and after a few tries the error propagates. An
 * unreachable server is `StorageUnavailable`, as for every storage call.
 */
export async function claim<T extends { _id: unknown }>(
  collection: Collection<T>,
  doc: T,
  { key = '_id' }: ClaimOptions<T> = {},
): Promise<Claim<T>> {
  const filter = { [key]: doc[key] } as Filter<T>;
  let duplicate: MongoServerError | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    duplicate = await storageCall(() =>
      collection.insertOne(doc as OptionalUnlessRequiredId<T>).then(
        () => null,
        (error: unknown) => {
          if (isDuplicateKey(error) && !namesAnotherIndex(error as MongoServerError, key)) return error as MongoServerError;
          throw error;
        },
      ),
    );
    if (!duplicate) return { won: true, doc };
    const winner = await storageCall(() => collection.findOne(filter));
    if (winner) return { won: false, winner: winner as T };
  }
  throw duplicate!;
}

/** MongoDB says which index refused the insert (`keyPattern`); FerretDB says nothing. */
function namesAnotherIndex(error: MongoServerError, key: string): boolean {
  const pattern: unknown = error['keyPattern'];
  if (!pattern || typeof pattern !== 'object') return false;
  const fields = Object.keys(pattern);
  return !(fields.length === 1 && fields[0] === key);
}
