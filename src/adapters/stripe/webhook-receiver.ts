import type { Logger } from 'pino';
import type { HandlePaymentEvent } from '../../application/payments/handle-payment-event.js';
import { EventInProgress } from '../../domain/errors.js';
import type { WebhookReceiver } from '../http/routes/webhook.js';
import { WebhookSignatureInvalid, toPaymentEvent, verifyStripeEvent } from './webhook-events.js';

/**
 * Stripe's side of POST /api/webhook: verify the signature on the raw bytes, translate the event,
 * hand it to the use case, and log what became of it. Errors thrown here become an error status
 * (a 5xx, or 409 while another delivery of the event is being processed), so Stripe retries;
 * everything else is acknowledged so Stripe stops resending.
 */
export function stripeWebhookReceiver(deps: {
  secret: string;
  handle: HandlePaymentEvent;
  logger: Logger;
  /** Told what became of each delivery: the Stripe event type and a `PaymentEventResult`, or
   *  `invalid-signature` (type `unverified`), `ignored-type`, `in-progress`, `error`. For metrics. */
  observe?: (type: string, outcome: string) => void;
}): WebhookReceiver {
  const observe = deps.observe ?? (() => undefined);
  return {
    async receive(rawBody, signature) {
      let event;
      try {
        event = verifyStripeEvent(rawBody, signature, deps.secret);
      } catch (error) {
        if (!(error instanceof WebhookSignatureInvalid)) throw error;
        deps.logger.warn({ reason: error.message }, 'webhook rejected: bad signature');
        observe('unverified', 'invalid-signature');
        return 'invalid-signature';
      }
      const payment = toPaymentEvent(event);
      if (!payment) {
        deps.logger.info({ eventId: event.id, type: event.type }, 'webhook ignored: event type not handled');
        observe(event.type, 'ignored-type');
        return 'accepted';
      }
      let result;
      try {
        result = await deps.handle.execute(payment);
      } catch (error) {
        observe(event.type, error instanceof EventInProgress ? 'in-progress' : 'error');
        throw error;
      }
      observe(event.type, result);
      const about = 'sessionId' in payment ? { sessionId: payment.sessionId } : { paymentId: payment.paymentId, refundId: payment.refundId };
      const line = { eventId: event.id, type: event.type, orderId: payment.orderId, ...about, result };
      if (result === 'refund-failed') deps.logger.error({ ...line, reason: 'failureReason' in payment ? payment.failureReason : null }, 'REFUND FAILED: the money was not returned; see the order\'s paymentIssue');
      else if (result === 'rejected-mismatch') deps.logger.error(line, 'PAYMENT NOT APPLIED: it does not match the order; see the order\'s paymentIssue');
      else if (result.startsWith('ignored')) deps.logger.warn(line, 'webhook for an order we do not have');
      else deps.logger.info(line, 'webhook processed');
      return 'accepted';
    },
  };
}
