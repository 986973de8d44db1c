import type { Collection, Db } from 'mongodb';
import type { RateLimits, WindowCount } from '../../application/ports/rate-limits.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { storageCall } from './translate-errors.js';

/**
 * One document per hit, `_id` = `<key>@<windowMs>:<windowStart>#<n>`: the n-th hit of a window.
 * A hit reads the window's highest n and inserts n + 1; a duplicate `_id` means another process
 * took that number, so it tries the next. `$inc` on one counter document would be simpler, but
 * FerretDB (1.x) runs an update as a read and an unconditional write, so concurrent increments
 * are lost; an insert against the unique `_id` has exactly one winner on every MongoDB-wire server.
 */
export type HitDocument = { _id: string; key: string; windowMs: number; start: Date; n: number; expiresAt: Date };

/** Bounds the work one hit can cause under contention (each attempt is two round trips). */
const MAX_ATTEMPTS = 64;

export class MongoRateLimits implements RateLimits {
  private readonly hits: Collection<HitDocument>;
  private readonly sweep: (now: Date) => void;

  constructor(db: Db) {
    this.hits = db.collection<HitDocument>('rate_limit_hits');
    this.sweep = expirySweeper(this.hits);
  }

  async hit(key: string, windowMs: number, at: Date): Promise<WindowCount> {
    const start = Math.floor(at.getTime() / windowMs) * windowMs;
    const resetAt = new Date(start + windowMs);
    this.sweep(at);
    let n = (await this.highest(key, windowMs, start)) + 1;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const hit = { _id: `${key}@${windowMs}:${start}#${n}`, key, windowMs, start: new Date(start), n, expiresAt: resetAt };
      if ((await claim(this.hits, hit)).won) return { count: n, resetAt };
      n = Math.max(n + 1, (await this.highest(key, windowMs, start)) + 1);
    }
    // A burst on one key: at least n hits are in the window, which is what the limit needs to know.
    return { count: n, resetAt };
  }

  async count(key: string, windowMs: number, at: Date): Promise<WindowCount> {
    const start = Math.floor(at.getTime() / windowMs) * windowMs;
    return { count: await this.highest(key, windowMs, start), resetAt: new Date(start + windowMs) };
  }

  private async highest(key: string, windowMs: number, start: number): Promise<number> {
    const filter = { key: { $eq: key }, windowMs, start: new Date(start) };
    const top = await storageCall(() => this.hits.findOne(filter, { sort: { n: -1 }, projection: { n: 1 } }));
    return top?.n ?? 0;
  }
}
