import type { MessageKind } from '../../domain/messages.js';

/** What the delivery worker did with each message it took, e.g. to count it in metrics. Never throws. */
export interface DeliveryReports {
  sent(kind: MessageKind): void;
  /** An attempt failed; the message is retried later. */
  failed(kind: MessageKind): void;
  /** An attempt failed and the message will not be retried (attempts used up, or refused for good). */
  dead(kind: MessageKind): void;
}
