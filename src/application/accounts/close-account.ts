import { Forbidden, Unauthenticated, WrongPassword } from '../../domain/errors.js';
import { PASSWORD_MAX_LENGTH, closeAccount, isClosed } from '../../domain/user.js';
import type { Actor } from '../shared/actor.js';
import type { AccountSessions } from './account-sessions.js';
import type { Clock, Orders, PasswordHasher, Users } from '../ports/index.js';

/**
 * A customer closes their account, confirming with the password: every session ends, the email
 * and name are erased (the email can register again), and the orders stay, for the shop's books,
 * under the closed account. Their shipping addresses are erased too, except on paid orders still
 * to ship, which keep theirs until they ship (`ShipOrder` erases it then).
 */
export class CloseAccount {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly sessions: AccountSessions,
    private readonly clock: Clock,
    private readonly orders: Orders,
  ) {}

  async execute(actor: Actor, password: string): Promise<void> {
    const user = await this.users.byId(actor.userId);
    if (!user || isClosed(user)) throw new Unauthenticated();
    if (user.role === 'admin') throw new Forbidden('Administrator accounts come from the configuration (ADMIN_EMAIL) and cannot be closed here.');
    if ([...password].length > PASSWORD_MAX_LENGTH || !(await this.hasher.verify(user.passwordHash, password))) throw new WrongPassword();
    await this.users.update(closeAccount(user, this.clock.now()));
    await this.sessions.endAll(user.id);
    await this.orders.eraseAddresses(user.id, this.clock.now());
  }
}
