import { Unauthenticated } from '../../domain/errors.js';
import { isClosed } from '../../domain/user.js';
import { type PublicUser, publicUser } from './auth-session.js';
import type { Users } from '../ports/index.js';

export class GetProfile {
  constructor(private readonly users: Users) {}

  /** A token for a user that no longer exists, or closed the account, is as good as no token. */
  async execute(userId: string): Promise<PublicUser> {
    const user = await this.users.byId(userId);
    if (!user || isClosed(user)) throw new Unauthenticated();
    return publicUser(user);
  }
}
