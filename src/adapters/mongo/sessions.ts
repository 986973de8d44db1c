import type { Collection, Db } from 'mongodb';
import type { RefreshToken, Rotation, Session, Sessions } from '../../application/ports/sessions.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import type { ReadLimit } from './read-limit.js';
import type { MongoSessionEndings } from './session-endings.js';
import { storageCall } from './translate-errors.js';

/** `expiresAt` (a day after `until`) lets the sweep or a TTL index forget it. */
export type SessionDocument = { _id: string; userId: string; startedAt: Date; until: Date; endedAt: Date | null; expiresAt: Date };

/**
 * One document per refresh token, `_id` = `<sessionId>#<generation>`, never updated: a rotation
 * inserts the next generation, and the unique `_id` decides the one winner on every MongoDB-wire
 * server (FerretDB 1.x runs a conditional update as a read and then a write; see claim.ts).
 */
export type RefreshTokenDocument = {
  _id: string; sessionId: string; generation: number; hash: string; nonce: string; issuedAt: Date; until: Date; expiresAt: Date;
};

const KEPT_MS = 24 * 3600_000;
const kept = (until: Date) => new Date(until.getTime() + KEPT_MS);

const toSession = (d: SessionDocument): Session => ({ id: d._id, userId: d.userId, startedAt: d.startedAt, until: d.until, endedAt: d.endedAt ?? null });
const toToken = (d: RefreshTokenDocument): RefreshToken =>
  ({ sessionId: d.sessionId, generation: d.generation, hash: d.hash, nonce: d.nonce, issuedAt: d.issuedAt, until: d.until });
const toDocument = (t: RefreshToken): RefreshTokenDocument => ({ _id: `${t.sessionId}#${t.generation}`, ...t, expiresAt: kept(t.until) });

export class MongoSessions implements Sessions {
  private readonly sessions: Collection<SessionDocument>;
  private readonly tokens: Collection<RefreshTokenDocument>;
  private readonly sweepSessions: (now: Date) => void;
  private readonly sweepTokens: (now: Date) => void;

  /** `reads`: the time limit of the reads that answer a request. */
  constructor(db: Db, private readonly endings: MongoSessionEndings, private readonly reads: ReadLimit = {}) {
    this.sessions = db.collection<SessionDocument>('sessions');
    this.tokens = db.collection<RefreshTokenDocument>('refresh_tokens');
    this.sweepSessions = expirySweeper(this.sessions);
    this.sweepTokens = expirySweeper(this.tokens);
  }

  async start(session: Session, first: RefreshToken): Promise<void> {
    this.sweepSessions(session.startedAt);
    this.sweepTokens(session.startedAt);
    const doc: SessionDocument = { _id: session.id, userId: session.userId, startedAt: session.startedAt, until: session.until, endedAt: session.endedAt, expiresAt: kept(session.until) };
    await storageCall(() => this.sessions.insertOne(doc));
    await storageCall(() => this.tokens.insertOne(toDocument(first)));
  }

  async byId(id: string): Promise<Session | null> {
    const doc = await storageCall(() => this.sessions.findOne({ _id: { $eq: id } }, this.reads));
    return doc && toSession(doc);
  }

  async refreshToken(hash: string): Promise<RefreshToken | null> {
    const doc = await storageCall(() => this.tokens.findOne({ hash: { $eq: hash } }, this.reads));
    return doc && toToken(doc);
  }

  async generation(sessionId: string, generation: number): Promise<RefreshToken | null> {
    const doc = await storageCall(() => this.tokens.findOne({ _id: { $eq: `${sessionId}#${generation}` } }, this.reads));
    return doc && toToken(doc);
  }

  async rotate(next: RefreshToken): Promise<Rotation> {
    this.sweepTokens(next.issuedAt);
    const taken = await claim(this.tokens, toDocument(next));
    return taken.won ? { won: true } : { won: false, winner: toToken(taken.winner) };
  }

  async open(userId: string, at: Date): Promise<Session[]> {
    const docs = await storageCall(() => this.sessions.find({ userId: { $eq: userId }, endedAt: null, until: { $gt: at } }).toArray());
    return docs.map(toSession);
  }

  /** A plain `$set`: two processes ending one session both write, and either time is when it ended. */
  async end(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await storageCall(() => this.sessions.updateMany({ _id: { $in: [...ids] }, endedAt: null }, { $set: { endedAt: at } }));
    await this.endings.ended(ids.map((id) => ({ id, endedAt: at })));
  }
}
