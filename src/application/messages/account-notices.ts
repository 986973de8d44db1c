import type { User } from '../../domain/user.js';
import type { AccountMessages, Clock, Ids, Notifications } from '../ports/index.js';

/**
 * The account messages as outbox records: a reset link and a "password changed" notice go to the
 * account's address. Each call is its own message (a new reset request voids the older link, so
 * the newer one must be sent), so its version is a fresh id, never the secret link.
 */
export class AccountNotices implements AccountMessages {
  constructor(
    private readonly notifications: Notifications,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  async passwordReset(user: User, link: string, expiresAt: Date): Promise<void> {
    const expiresInMinutes = Math.max(1, Math.round((expiresAt.getTime() - this.clock.now().getTime()) / 60_000));
    await this.notifications.notify({
      kind: 'password-reset', subject: user.id, version: this.ids.next(), to: user.email,
      data: { name: user.name, resetUrl: link, expiresInMinutes },
    });
  }

  async passwordChanged(user: User): Promise<void> {
    await this.notifications.notify({ kind: 'password-changed', subject: user.id, version: this.ids.next(), to: user.email, data: { name: user.name } });
  }
}
