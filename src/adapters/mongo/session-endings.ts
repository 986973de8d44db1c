import { type Collection, type Db, ObjectId } from 'mongodb';
import type { EndedSession, SessionEndings, SessionEndingsSignal } from '../../application/ports/session-endings.js';
import { withinTime } from './catalogue-changes.js';
import { isDuplicateKey, storageCall } from './translate-errors.js';
import { PolledWatchers } from './polled-watchers.js';

/** One document whose `nonce` is replaced after every ending (as catalogue-changes.ts does for the catalogue). */
export type SessionEndingsVersionDocument = { _id: 'sessions'; nonce: string; at: Date };

/** What this reads of the `sessions` collection (sessions.ts writes it). */
type Ending = { _id: string; endedAt: Date | null };

const ID = 'sessions' as const;
/** Endings are read again this often even without a new nonce: a process that died between ending and stamping loses nothing for longer. */
const READ_ALL_EVERY_MS = 30_000;

type Watcher = {
  listener: (signal: SessionEndingsSignal) => void;
  pollMs: number;
  withinMs: number;
  seen: string | null;
  readAt: number;
  sure: boolean;
  polling: boolean;
};

/**
 * Polls the nonce (one small document) every `pollMs`; when it changed, reads the sessions that
 * ended within the window (the `ended` index on MongoDB) and hands them to the watcher.
 */
export class MongoSessionEndings implements SessionEndings {
  private readonly sessions: Collection<Ending>;
  private readonly versions: Collection<SessionEndingsVersionDocument>;
  private readonly watchers = new PolledWatchers<Watcher>();

  constructor(db: Db) {
    this.sessions = db.collection<Ending>('sessions');
    this.versions = db.collection<SessionEndingsVersionDocument>('session_endings_version');
  }

  watch(listener: (signal: SessionEndingsSignal) => void, { pollMs, withinMs }: Readonly<{ pollMs: number; withinMs: number }>): () => void {
    const watcher: Watcher = { listener, pollMs, withinMs, seen: null, readAt: 0, sure: false, polling: false };
    return this.watchers.add(watcher, pollMs, (w) => this.poll(w));
  }

  /**
   * For the sessions adapter, after it ended sessions: this process's watchers hear it at once,
   * the others at their next poll. Throws `StorageUnavailable` when the nonce can't be written, so
   * the caller is told to try again (ending again is harmless).
   */
  async ended(sessions: readonly EndedSession[]): Promise<void> {
    for (const watcher of this.watchers) watcher.listener({ kind: 'ended', sessions });
    if (this.watchers.stopped) return;
    const set = { $set: { nonce: new ObjectId().toHexString(), at: new Date() } };
    await storageCall(async () => {
      try {
        await this.versions.updateOne({ _id: ID }, set, { upsert: true });
      } catch (error) {
        // Two first stamps at once on FerretDB: both upserts insert, one loses; the document exists now.
        if (!isDuplicateKey(error)) throw error;
        await this.versions.updateOne({ _id: ID }, set);
      }
    });
  }

  stop(): void {
    this.watchers.stop();
  }

  private async poll(watcher: Watcher): Promise<void> {
    if (watcher.polling || this.watchers.stopped) return;
    watcher.polling = true;
    const limit = Math.max(1_000, watcher.pollMs);
    try {
      const version = await withinTime(this.versions.findOne({ _id: ID }), limit);
      const nonce = version?.nonce ?? '';
      if (watcher.sure && nonce === watcher.seen && Date.now() - watcher.readAt < READ_ALL_EVERY_MS) return;
      const readAt = Date.now();
      const since = new Date(readAt - watcher.withinMs);
      const docs = await withinTime(
        this.sessions.find({ endedAt: { $gte: since } }, { projection: { _id: 1, endedAt: 1 } }).toArray(),
        limit,
      );
      if (this.watchers.stopped || !this.watchers.has(watcher)) return;
      watcher.seen = nonce;
      watcher.readAt = readAt;
      watcher.listener({ kind: 'ended', sessions: docs.map((d) => ({ id: d._id, endedAt: d.endedAt! })) });
      if (!watcher.sure) {
        watcher.sure = true;
        watcher.listener({ kind: 'sure' });
      }
    } catch {
      // The failure is the signal: `unsure` makes the check read storage until a poll succeeds again.
      if (watcher.sure && this.watchers.has(watcher)) {
        watcher.sure = false;
        watcher.listener({ kind: 'unsure' });
      }
    } finally {
      watcher.polling = false;
    }
  }
}
