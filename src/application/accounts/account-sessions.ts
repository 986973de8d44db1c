import type { User } from '../../domain/user.js';
import type { Clock, Ids, OpaqueTokens, RefreshToken, Session, Sessions, Tokens } from '../ports/index.js';
import { type AuthSession, publicUser } from './auth-session.js';

export type SessionSettings = Readonly<{
  /** How long a session can be renewed after it started; then its owner signs in again. */
  refreshTtlMs: number;
}>;

/**
 * Starts, renews and ends signed-in sessions for the use cases that do (log in, register, refresh,
 * log out, password changes). A session's refresh tokens are opaque random values stored only
 * as hashes; its access tokens carry its id, so ending it ends them.
 */
export class AccountSessions {
  constructor(
    private readonly sessions: Sessions,
    private readonly tokens: Tokens,
    private readonly secrets: OpaqueTokens,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly settings: SessionSettings,
  ) {}

  async start(user: User): Promise<AuthSession> {
    const now = this.clock.now();
    const session: Session = { id: this.ids.next(), userId: user.id, startedAt: now, until: new Date(now.getTime() + this.settings.refreshTtlMs), endedAt: null };
    const value = this.secrets.random();
    const first: RefreshToken = { sessionId: session.id, generation: 0, hash: this.secrets.hash(value), nonce: '', issuedAt: now, until: session.until };
    await this.sessions.start(session, first);
    return this.signedIn(user, session.id, value, now);
  }

  /** The pair a holder of `refreshToken` gets: the same pair for the same `issuedAt` (and role). */
  async signedIn(user: User, sessionId: string, refreshToken: string, issuedAt: Date): Promise<AuthSession> {
    const { token, expiresInSeconds } = await this.tokens.issue({ userId: user.id, role: user.role, sessionId }, issuedAt);
    return { accessToken: token, expiresInSeconds, refreshToken, sessionId, user: publicUser(user) };
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.end([sessionId], this.clock.now());
  }

  /** Ends every open session of the user, except `keep` (the caller's own, when it stays signed in). */
  async endAll(userId: string, keep?: string): Promise<void> {
    const now = this.clock.now();
    const open = await this.sessions.open(userId, now);
    const ids = open.map((s) => s.id).filter((id) => id !== keep);
    if (ids.length > 0) await this.sessions.end(ids, now);
  }
}
