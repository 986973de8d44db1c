import { Unauthenticated } from '../../domain/errors.js';
import { checkName, isClosed } from '../../domain/user.js';
import type { Actor } from '../shared/actor.js';
import { type PublicUser, publicUser } from './auth-session.js';
import type { Users } from '../ports/index.js';

export type UpdateProfileInput = Readonly<{ name: string }>;

/** Changes what the caller's account shows about its owner (the name). */
export class UpdateProfile {
  constructor(private readonly users: Users) {}

  async execute(actor: Actor, input: UpdateProfileInput): Promise<PublicUser> {
    const user = await this.users.byId(actor.userId);
    if (!user || isClosed(user)) throw new Unauthenticated();
    const updated = { ...user, name: checkName(input.name) };
    await this.users.update(updated);
    return publicUser(updated);
  }
}
