/**
 * The server-side time limit (`maxTimeMS`) given to the reads that answer a request, so a server
 * too busy to answer in time frees the connection with an error (MaxTimeMSExpired, reported as
 * `StorageUnavailable`) instead of holding it. Writes never get one: see docs/mongo.md, *Under load*.
 */
export type ReadLimit = Readonly<{ maxTimeMS?: number }>;

/** `0` or less: no limit. */
export function readLimit(maxTimeMS: number | undefined): ReadLimit {
  return maxTimeMS !== undefined && maxTimeMS > 0 ? { maxTimeMS } : {};
}
