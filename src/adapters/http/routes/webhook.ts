import Router from '@koa/router';
import { HttpProblem } from '../errors.js';
import { readRawBody } from '../raw-body.js';

/** Receives a payment provider's webhook: verifies it on the raw bytes and processes it. */
export interface WebhookReceiver {
  /**
   * `invalid-signature` when the payload is not signed by the provider (nothing is processed).
   * Throws when processing failed in a way worth retrying (storage down): the provider retries.
   */
  receive(rawBody: Buffer, signature: string | undefined): Promise<'accepted' | 'invalid-signature'>;
}

export const WEBHOOK_PATH = '/api/webhook';
const MAX_WEBHOOK_BYTES = 512 * 1024;

/** Mounted before the JSON body parser: the signature covers the exact bytes Stripe sent. */
export function webhookRouter(receiver: WebhookReceiver): Router {
  const router = new Router();
  router.post('webhook', WEBHOOK_PATH, async (ctx) => {
    const raw = await readRawBody(ctx.req, MAX_WEBHOOK_BYTES);
    const result = await receiver.receive(raw, ctx.get('Stripe-Signature') || undefined);
    if (result === 'invalid-signature') {
      throw new HttpProblem('WEBHOOK_SIGNATURE_INVALID', 'The Stripe-Signature header does not match this payload.');
    }
    ctx.body = { received: true };
  });
  return router;
}
