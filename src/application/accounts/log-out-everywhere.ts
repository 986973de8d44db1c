import type { Actor } from '../shared/actor.js';
import type { AccountSessions } from './account-sessions.js';

/** Ends every session of the caller's account, the caller's own included. */
export class LogOutEverywhere {
  constructor(private readonly sessions: AccountSessions) {}

  async execute(actor: Actor): Promise<void> {
    await this.sessions.endAll(actor.userId);
  }
}
