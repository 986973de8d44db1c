import type { Collection, Db } from 'mongodb';
import type { RateLimits, WindowCount } from '../../application/ports/rate-limits.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { storageCall } from './translate-errors.js';

/**
 * One document per counted hit, `_id` = `<key>@<windowMs>:<windowStart>#<n>`: the n-th hit of a
 * window. A hit reads the window's highest n and inserts n + 1; a duplicate `_id` means another
 * process took that number, so it tries the next. `$inc` on one counter document would be simpler,
 * but FerretDB (1.x) runs an update as a read and an unconditional write, so concurrent increments
 * are lost; an insert against the unique `_id` has exactly one winner on every MongoDB-wire server.
 *
 * With a limit, no number above it is ever inserted: a refused hit writes nothing, so a window
 * holds at most `limit` documents however hard a key is hit, and a refused hit costs the one read
 * that finds the window full. The instance then remembers the window as full until it ends, and
 * refuses without asking the store.
 */
export type HitDocument = { _id: string; key: string; windowMs: number; start: Date; n: number; expiresAt: Date };

/** Bounds the work one hit can cause under contention (each attempt is two round trips). */
const MAX_ATTEMPTS = 64;
/** Windows remembered as full, at most: an attack rotating keys cannot grow this without bound. */
const MAX_FULL_WINDOWS = 10_000;

export class MongoRateLimits implements RateLimits {
  private readonly hits: Collection<HitDocument>;
  private readonly sweep: (now: Date) => void;
  /** Windows seen full, with their count then (at least the limit): counts only grow within a window. */
  private readonly full = new Map<string, { count: number; resetAt: number }>();

  constructor(db: Db) {
    this.hits = db.collection<HitDocument>('rate_limit_hits');
    this.sweep = expirySweeper(this.hits);
  }

  async hit(key: string, windowMs: number, at: Date, limit = Number.POSITIVE_INFINITY): Promise<WindowCount> {
    const start = Math.floor(at.getTime() / windowMs) * windowMs;
    const resetAt = new Date(start + windowMs);
    const window = `${key}@${windowMs}:${start}`;
    if ((this.full.get(window)?.count ?? 0) >= limit) return { count: limit + 1, resetAt };
    this.sweep(at);
    let n = (await this.highest(key, windowMs, start)) + 1;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      if (n > limit) {
        this.remember(window, n - 1, resetAt, at);
        return { count: limit + 1, resetAt };
      }
      const hit = { _id: `${window}#${n}`, key, windowMs, start: new Date(start), n, expiresAt: resetAt };
      if ((await claim(this.hits, hit)).won) return { count: n, resetAt };
      n = Math.max(n + 1, (await this.highest(key, windowMs, start)) + 1);
    }
    // A burst on one key: at least n hits are in the window, which is what the limit needs to know.
    return { count: n, resetAt };
  }

  async count(key: string, windowMs: number, at: Date): Promise<WindowCount> {
    const start = Math.floor(at.getTime() / windowMs) * windowMs;
    const resetAt = new Date(start + windowMs);
    const known = this.full.get(`${key}@${windowMs}:${start}`);
    if (known) return { count: known.count, resetAt };
    return { count: await this.highest(key, windowMs, start), resetAt };
  }

  private remember(window: string, count: number, resetAt: Date, at: Date): void {
    if (this.full.size >= MAX_FULL_WINDOWS) {
      for (const [id, w] of this.full) if (w.resetAt <= at.getTime()) this.full.delete(id);
      if (this.full.size >= MAX_FULL_WINDOWS) this.full.clear();
    }
    this.full.set(window, { count, resetAt: resetAt.getTime() });
  }

  private async highest(key: string, windowMs: number, start: number): Promise<number> {
    const filter = { key: { $eq: key }, windowMs, start: new Date(start) };
    const top = await storageCall(() => this.hits.findOne(filter, { sort: { n: -1 }, projection: { n: 1 } }));
    return top?.n ?? 0;
  }
}
