import type { Collection, Filter } from 'mongodb';

const SWEEP_EVERY_MS = 60_000;

/**
 * Deletes a collection's documents whose `expiresAt` has passed, at most once a minute per
 * process, without making the caller wait. MongoDB's TTL index (see indexes.ts) does the same on
 * its own; FerretDB 1.x implements no TTL indexes, so without this the documents would pile up.
 * Correctness never depends on it: readers treat an expired document as absent.
 */
export function expirySweeper<T extends { expiresAt: Date | null }>(collection: Collection<T>): (now: Date) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (now) => {
    if (Math.abs(now.getTime() - last) < SWEEP_EVERY_MS) return;
    last = now.getTime();
    // Unlogged on purpose: nothing depends on it, the next sweep (a minute later) retries, and a
    // server that fails it fails the callers' own calls too, which are reported.
    collection.deleteMany({ expiresAt: { $lte: now } } as Filter<T>).catch(() => undefined);
  };
}
