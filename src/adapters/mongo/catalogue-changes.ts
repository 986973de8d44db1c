import { type Collection, type Db, ObjectId } from 'mongodb';
import type { CatalogueChanges, CatalogueListener } from '../../application/ports/catalogue-changes.js';
import { isDuplicateKey } from './translate-errors.js';
import { PolledWatchers } from './polled-watchers.js';

/**
 * One document whose `nonce` is replaced on every catalogue change. A plain `$set` of a fresh value
 * can't lose a change the way a counter's `$inc` can on FerretDB (a read then a write): whichever
 * write lands last, the value differs from what any process read before, and that is all a reader
 * compares.
 */
export type CatalogueVersionDocument = { _id: 'catalogue'; nonce: string; at: Date };

/**
 * One per product ever changed (`_id` = the product id, or `*` for "anything"), stamped with the
 * server's time (`$currentDate`) before the catalogue's nonce is: a reader that sees a new nonce
 * reads the products stamped since its last look, and drops only their pages (and the lists).
 */
export type ProductVersionDocument = { _id: string; nonce: string; at: Date };

const ID = 'catalogue' as const;
/** `_id` of the product version that means "anything may have changed". */
const ANY = '*';
/**
 * A reader reads the products stamped since the latest stamp it saw, less this: stamps come from
 * the server's clock, in the order the writes apply, so this only covers a write that applies a
 * little after another with a slightly later stamp (a failover to a server whose clock differs).
 */
const OVERLAP_MS = 5_000;
/** Products pending a stamp, at most: past this, "anything" is stamped instead. */
const MAX_PENDING = 1_000;

type Watcher = {
  listener: CatalogueListener; pollMs: number; seen: string | null; sure: boolean; polling: boolean;
  /** The latest product stamp seen, and the nonces seen since `watermark - OVERLAP_MS` (not dropped twice). */
  watermark: number; recent: Map<string, { nonce: string; at: number }>;
};

export class MongoCatalogueChanges implements CatalogueChanges {
  private readonly versions: Collection<CatalogueVersionDocument>;
  private readonly products: Collection<ProductVersionDocument>;
  /** Products whose stamp could not be written yet (`*`: any). */
  private readonly pending = new Set<string>();
  private readonly watchers = new PolledWatchers<Watcher>();
  /** A change whose stamp could not be written: written again before the next read. */
  private unwritten = false;

  constructor(db: Db) {
    this.versions = db.collection<CatalogueVersionDocument>('catalogue_version');
    this.products = db.collection<ProductVersionDocument>('catalogue_product_versions');
  }

  watch(listener: CatalogueListener, { pollMs }: Readonly<{ pollMs: number }>): () => void {
    const watcher: Watcher = { listener, pollMs, seen: null, sure: false, polling: false, watermark: 0, recent: new Map() };
    return this.watchers.add(watcher, pollMs, (w) => this.poll(w));
  }

  /**
   * For the products and stock adapters, after each change the public catalogue can see: this
   * process's watchers hear it at once, the others at their next poll. Never throws: the write
   * it follows happened, so a stamp that can't be written now is written before the next poll.
   */
  async changed(productIds: readonly string[]): Promise<void> {
    for (const watcher of this.watchers) watcher.listener('changed', productIds);
    for (const id of productIds) this.pending.add(id);
    this.unwritten = true;
    await this.stamp();
  }

  stop(): void {
    this.watchers.stop();
  }

  private async stamp(): Promise<boolean> {
    if (this.watchers.stopped) return false;
    const set = { $set: { nonce: new ObjectId().toHexString() }, $currentDate: { at: true as const } };
    try {
      // The products first: a reader that sees the new nonce finds their stamps.
      const ids = this.pending.size > MAX_PENDING ? [ANY] : [...this.pending];
      for (const id of ids) {
        await this.products.updateOne({ _id: id }, { $set: { nonce: new ObjectId().toHexString() }, $currentDate: { at: true } }, { upsert: true })
          .catch((error: unknown) => {
            if (!isDuplicateKey(error)) throw error; // two first stamps of one product at once: it is stamped
          });
        this.pending.delete(id);
      }
      if (ids.includes(ANY)) this.pending.clear();
      try {
        await this.versions.updateOne({ _id: ID }, set, { upsert: true });
      } catch (error) {
        // Two first stamps at once on FerretDB: both upserts insert, one loses; the document exists now.
        if (!isDuplicateKey(error)) throw error;
        await this.versions.updateOne({ _id: ID }, set);
      }
      this.unwritten = false;
      return true;
    } catch {
      // Not lost: the next poll writes it first, and its watchers hear `unsure` until it is written.
      this.unwritten = true;
      return false;
    }
  }

  private async poll(watcher: Watcher): Promise<void> {
    if (watcher.polling || this.watchers.stopped) return; // a slow store: skip a tick rather than pile up reads
    watcher.polling = true;
    try {
      if (this.unwritten && !(await this.stamp())) throw new Error('store unavailable');
      const within = Math.max(1_000, watcher.pollMs);
      const doc = await withinTime(this.versions.findOne({ _id: ID }), within);
      if (this.watchers.stopped || !this.watchers.has(watcher)) return;
      const nonce = doc?.nonce ?? '';
      if (!watcher.sure) {
        watcher.sure = true;
        watcher.seen = nonce;
        watcher.watermark = doc?.at.getTime() ?? 0;
        watcher.recent.clear();
        watcher.listener('sure');
      } else if (nonce !== watcher.seen) {
        const since = new Date(watcher.watermark - OVERLAP_MS);
        const stamped = await withinTime(this.products.find({ at: { $gt: since } }).toArray(), within);
        if (this.watchers.stopped || !this.watchers.has(watcher)) return;
        watcher.seen = nonce;
        const fresh = stamped.filter((p) => watcher.recent.get(p._id)?.nonce !== p.nonce);
        for (const p of stamped) {
          watcher.watermark = Math.max(watcher.watermark, p.at.getTime());
          watcher.recent.set(p._id, { nonce: p.nonce, at: p.at.getTime() });
        }
        for (const [id, seen] of watcher.recent) if (seen.at <= watcher.watermark - OVERLAP_MS) watcher.recent.delete(id);
        // A nonce with no product stamped since is a change this version cannot name (an older
        // instance's, or one whose stamps were lost): anything may have changed.
        const ids = fresh.map((p) => p._id);
        if (ids.length === 0 || ids.includes(ANY)) watcher.listener('changed');
        else watcher.listener('changed', ids);
      }
    } catch {
      // The failure is the signal: `unsure` makes the cache read storage until a poll succeeds again.
      if (watcher.sure && this.watchers.has(watcher)) {
        watcher.sure = false;
        watcher.listener('unsure');
      }
    } finally {
      watcher.polling = false;
    }
  }
}

/** A store that stopped answering is as unsure as one that refuses: the driver would wait seconds. */
export function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
  promise.catch(() => undefined); // only the read that lost the race: the race itself rejects to the caller
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
