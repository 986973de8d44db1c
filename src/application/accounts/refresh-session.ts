import { InvalidRefreshToken } from '../../domain/errors.js';
import { isClosed } from '../../domain/user.js';
import type { AccountSessions } from './account-sessions.js';
import type { AuthSession } from './auth-session.js';
import type { Clock, OpaqueTokens, Sessions, Users } from '../ports/index.js';

/** How long the token just spent still gets the pair it was spent for (a retried request, a second tab). */
export const REFRESH_GRACE_MS = 10_000;

/**
 * Trades a refresh token for a new pair (rotation). A spent token used again ends its whole
 * session (OAuth 2.0 Security BCP, RFC 9700 §4.14.2: the thief and the owner can't be told
 * apart), except within the grace, where it gets the same new pair again. Unknown, spent, ended
 * and expired tokens all fail alike.
 */
export class RefreshSession {
  constructor(
    private readonly users: Users,
    private readonly sessions: Sessions,
    private readonly accountSessions: AccountSessions,
    private readonly secrets: OpaqueTokens,
    private readonly clock: Clock,
  ) {}

  async execute(refreshToken: string): Promise<AuthSession> {
    const now = this.clock.now();
    const spent = await this.sessions.refreshToken(this.secrets.hash(refreshToken));
    if (!spent) throw new InvalidRefreshToken();
    const session = await this.sessions.byId(spent.sessionId);
    if (!session || session.endedAt !== null || session.until.getTime() <= now.getTime()) throw new InvalidRefreshToken();
    const user = await this.users.byId(session.userId);
    if (!user || isClosed(user)) throw new InvalidRefreshToken();

    const nonce = this.secrets.random();
    const value = this.secrets.derive(refreshToken, nonce);
    const rotation = await this.sessions.rotate({
      sessionId: session.id, generation: spent.generation + 1, hash: this.secrets.hash(value), nonce, issuedAt: now, until: session.until,
    });
    if (rotation.won) return this.accountSessions.signedIn(user, session.id, value, now);

    const { winner } = rotation;
    const recent = Math.abs(now.getTime() - winner.issuedAt.getTime()) <= REFRESH_GRACE_MS;
    if (recent && !(await this.sessions.generation(session.id, winner.generation + 1))) {
      const again = this.secrets.derive(refreshToken, winner.nonce);
      if (this.secrets.hash(again) === winner.hash) return this.accountSessions.signedIn(user, session.id, again, winner.issuedAt);
    }
    await this.sessions.end([session.id], now);
    throw new InvalidRefreshToken();
  }
}
