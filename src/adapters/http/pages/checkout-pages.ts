import Router from '@koa/router';
import { z } from 'zod';
import type { ConfirmCheckout } from '../../../application/payments/confirm-checkout.js';
import { DomainError } from '../../../domain/errors.js';
import type { OrderStatus } from '../../../domain/order.js';
import { html, page } from './html.js';
import { orderSummary } from './order-summary.js';

const SessionQuery = z.object({ session_id: z.string().min(1).max(300) });

const headline = {
  completed: 'Thank you, your payment went through.', pending: 'Your payment is being processed.', failed: 'The payment failed.',
  expired: 'This checkout has expired.', cancelled: 'This order was cancelled.', refunded: 'This order was refunded.',
} as const satisfies Record<OrderStatus, string>;

/**
 * Where the payment provider sends the customer back. The success page asks the provider what
 * happened and completes the order if the webhook has not yet (both paths are idempotent).
 */
export function checkoutPagesRouter(deps: { confirmCheckout: ConfirmCheckout }): Router {
  const router = new Router({ prefix: '/checkout' });

  router.get('/success', async (ctx) => {
    const query = SessionQuery.safeParse(ctx.query);
    const order = query.success
      ? await deps.confirmCheckout.execute(query.data.session_id).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'ORDER_NOT_FOUND') return null;
          throw error;
        })
      : null;
    ctx.type = 'html';
    if (!order) {
      ctx.status = 404;
      ctx.body = page('Order not found', html`<h1>Order not found</h1><p>We could not find an order for this checkout.</p>`);
      return;
    }
    ctx.body = page('Payment', html`<h1>${headline[order.status]}</h1>${orderSummary(order)}
<p>You can close this page. Your order's status is also available from the API.</p>`);
  });

  // Reads nothing: an order id in a URL is no credential, so this page shows nobody's order.
  router.get('/cancel', (ctx) => {
    ctx.type = 'html';
    ctx.body = page('Payment cancelled', html`<h1>Payment cancelled</h1>
<p>Nothing was charged. Your order stays open until its checkout expires; you can place it again at any time.</p>
<p><a href="/" data-testid="back">Back to the shop</a></p>`);
  });

  return router;
}
