import { MessageAlreadySent, MessageNotFound } from '../../domain/errors.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { Clock, MessageDelivery, Outbox, OutboxRecord, Users } from '../ports/index.js';

/**
 * An administrator sends a message again that was given up on (`dead`), or one still waiting for
 * its next attempt, now: it becomes pending with no failed attempts and delivery is nudged. A sent
 * message is not sent twice (`MessageAlreadySent`).
 */
export class RetryMessage {
  constructor(
    private readonly users: Users,
    private readonly outbox: Outbox,
    private readonly delivery: MessageDelivery,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, id: string): Promise<OutboxRecord> {
    await requireAdmin(this.users, actor);
    const record = await this.outbox.retry(id, this.clock.now());
    if (!record) throw new MessageNotFound();
    if (record.status === 'sent') throw new MessageAlreadySent(id);
    this.delivery.nudge();
    return record;
  }
}
