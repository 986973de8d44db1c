import { type Collection, type Db, ObjectId } from 'mongodb';
import type { CatalogueChanges, CatalogueSignal } from '../../application/ports/catalogue-changes.js';
import { isDuplicateKey } from './translate-errors.js';

/**
 * One document whose `nonce` is replaced on every catalogue change. A plain `$set` of a fresh value
 * can't lose a change the way a counter's `$inc` can on FerretDB (a read then a write): whichever
 * write lands last, the value differs from what any process read before, and that is all a reader
 * compares.
 */
export type CatalogueVersionDocument = { _id: 'catalogue'; nonce: string; at: Date };

const ID = 'catalogue' as const;

type Watcher = { listener: (signal: CatalogueSignal) => void; pollMs: number; seen: string | null; sure: boolean; polling: boolean };

export class MongoCatalogueChanges implements CatalogueChanges {
  private readonly versions: Collection<CatalogueVersionDocument>;
  private readonly watchers = new Set<Watcher>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** A change whose stamp could not be written: written again before the next read. */
  private unwritten = false;
  private stopped = false;

  constructor(db: Db) {
    this.versions = db.collection<CatalogueVersionDocument>('catalogue_version');
  }

  watch(listener: (signal: CatalogueSignal) => void, { pollMs }: Readonly<{ pollMs: number }>): () => void {
    const watcher: Watcher = { listener, pollMs, seen: null, sure: false, polling: false };
    this.watchers.add(watcher);
    const poll = () => void this.poll(watcher);
    // Unref'd: a poll never keeps the process alive; close() stops it.
    const timer = setInterval(poll, pollMs).unref();
    this.timers.add(timer);
    poll();
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
      this.watchers.delete(watcher);
    };
  }

  /**
   * For the products and stock adapters, after each change the public catalogue can see: this
   * process's watchers hear it at once, the others at their next poll. Never throws: the write
   * it follows happened, so a stamp that can't be written now is written before the next poll.
   */
  async changed(): Promise<void> {
    for (const watcher of this.watchers) watcher.listener('changed');
    await this.stamp();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    this.watchers.clear();
  }

  private async stamp(): Promise<boolean> {
    if (this.stopped) return false;
    const set = { $set: { nonce: new ObjectId().toHexString(), at: new Date() } };
    try {
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
    if (watcher.polling || this.stopped) return; // a slow store: skip a tick rather than pile up reads
    watcher.polling = true;
    try {
      if (this.unwritten && !(await this.stamp())) throw new Error('store unavailable');
      const doc = await withinTime(this.versions.findOne({ _id: ID }), Math.max(1_000, watcher.pollMs));
      if (this.stopped || !this.watchers.has(watcher)) return;
      const nonce = doc?.nonce ?? '';
      if (!watcher.sure) {
        watcher.sure = true;
        watcher.seen = nonce;
        watcher.listener('sure');
      } else if (nonce !== watcher.seen) {
        watcher.seen = nonce;
        watcher.listener('changed');
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
