import type { User } from '../../domain/user.js';

/**
 * What an account's owner is told by message (email). Delivery is the adapter's: it may record
 * the message and send it later. Nothing passed here may be logged: `link` carries a secret.
 */
export interface AccountMessages {
  /** The link that sets a new password for `user`; it works once, until `expiresAt`. */
  passwordReset(user: User, link: string, expiresAt: Date): Promise<void>;
  /** `user`'s password was changed or reset. */
  passwordChanged(user: User): Promise<void>;
}
