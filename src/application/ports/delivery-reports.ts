import type { MessageKind } from '../../domain/messages.js';

/** What the delivery worker did with each message it took, e.g. to count it in metrics. Never throws. */
export interface DeliveryReports {
  sent(kind: MessageKind): void;
  /** An attempt failed (the last one of a message that is now dead included). */
  failed(kind: MessageKind): void;
  /** A message will not be retried (its attempts are used up, or it was refused for good); told after its `failed`. */
  dead(kind: MessageKind): void;
}
