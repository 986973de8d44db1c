import type { Notifications } from '../ports/index.js';

/**
 * What the shop's owner is told about orders that need a person (`OWNER_EMAIL`); nothing when no
 * owner address is known. Recorded before the issue is written on the order, so a crash between
 * the two is repaired by the caller's retry (the webhook's redelivery, the next reconciliation),
 * which records the same alert again: once, since the issue's text is its version.
 */
export class OwnerAlerts {
  constructor(
    private readonly notifications: Notifications,
    private readonly ownerEmail: string | null,
  ) {}

  async paymentIssue(orderId: string, issue: string): Promise<void> {
    if (!this.ownerEmail) return;
    await this.notifications.notify({ kind: 'payment-issue', subject: orderId, version: issue, to: this.ownerEmail, data: { orderId, issue } });
  }
}
