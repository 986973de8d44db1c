import type { Clock, Ids, MessageDelivery, Notifications, Outbox, OutboxEntry } from '../ports/index.js';

/**
 * Records a message in the outbox (once per (kind, subject, version)) and nudges its delivery. A
 * caller that retries, or several instances handling one event, record it once.
 */
export class Notify implements Notifications {
  constructor(
    private readonly outbox: Outbox,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly delivery: MessageDelivery,
  ) {}

  async notify(entry: OutboxEntry): Promise<void> {
    const { created } = await this.outbox.enqueue(entry, this.ids.next(), this.clock.now());
    if (created) this.delivery.nudge();
  }
}

/** `MAIL_TRANSPORT=off`: messages are dropped, not recorded. */
export const dropNotifications: Notifications = { notify: async () => undefined };
