import type { OutboxEntry } from './outbox.js';

/**
 * What use cases and event handlers call to tell someone something. The message is recorded
 * (once per (kind, subject, version): calling again with the same key changes nothing) before this
 * resolves, and sent later by the delivery worker, which is nudged at once.
 */
export interface Notifications {
  notify(entry: OutboxEntry): Promise<void>;
}

/** Asks for recorded messages to be delivered soon, without waiting for it. Never throws. */
export interface MessageDelivery {
  nudge(): void;
}
