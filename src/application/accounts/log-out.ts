import type { Actor } from '../shared/actor.js';
import type { AccountSessions } from './account-sessions.js';

/** Ends the caller's session: its access and refresh tokens stop working. Tokens from before sessions name none: nothing ends. */
export class LogOut {
  constructor(private readonly sessions: AccountSessions) {}

  async execute(actor: Actor): Promise<void> {
    if (actor.sessionId !== undefined) await this.sessions.end(actor.sessionId);
  }
}
