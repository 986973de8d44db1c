import type { Collection, Filter, OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey, storageCall } from './translate-errors.js';

/** Who holds the key now: the caller's document, or the one that was there first. */
export type Claim<T> = Readonly<{ won: true; doc: T }> | Readonly<{ won: false; winner: T }>;

export type ClaimOptions<T> = Readonly<{
  /** The uniquely indexed field whose value is claimed; `_id` unless given. */
  key?: keyof T & string;
}>;

/** Reads that find no winner, after as many failed inserts, mean a duplicate in another index. */
const MAX_ATTEMPTS = 4;

/**
 * Claims `doc[key]` by inserting `doc`: a unique-key insert is the one write that has exactly one
 * winner on every MongoDB-wire server (FerretDB 1.x runs a conditional update as a read and then
 * an unconditional write, so two callers of one could both "win"). The loser reads the winner.
 *
 * A winner that is gone when read (deleted meanwhile) freed the key, so the insert is tried again,
 * as if the caller had come a moment later. A duplicate key that no read can explain came from
 * another unique index: no claim was lost, and the driver's error propagates after a few tries
 * (FerretDB's error does not name the index, so the read is what tells). An unreachable server is
 * `StorageUnavailable`, as for every storage call.
 */
export async function claim<T extends { _id: unknown }>(
  collection: Collection<T>,
  doc: T,
  { key = '_id' }: ClaimOptions<T> = {},
): Promise<Claim<T>> {
  const filter = { [key]: doc[key] } as Filter<T>;
  let duplicate: unknown = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    duplicate = await storageCall(() =>
      collection.insertOne(doc as OptionalUnlessRequiredId<T>).then(
        () => null,
        (error: unknown) => {
          if (isDuplicateKey(error)) return error;
          throw error;
        },
      ),
    );
    if (!duplicate) return { won: true, doc };
    const winner = await storageCall(() => collection.findOne(filter));
    if (winner) return { won: false, winner: winner as T };
  }
  throw duplicate;
}
