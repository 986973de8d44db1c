import Router from '@koa/router';
import type { Logger } from 'pino';
import type { CompletePayment } from '../../application/payments/complete-payment.js';
import type { CancelOrder } from '../../application/orders/cancel-order.js';
import type { Orders } from '../../application/ports/orders.js';
import { DomainError } from '../../domain/errors.js';
import { HttpProblem } from '../http/errors.js';
import { html, page } from '../http/pages/html.js';
import { orderSummary } from '../http/pages/order-summary.js';
import { LOCAL_CHECKOUT_PATH, isLocalSession, localPaymentId } from './gateway.js';

type Deps = Readonly<{ orders: Orders; completePayment: CompletePayment; cancelOrder: CancelOrder; logger: Logger }>;

/**
 * The local checkout page: the order and its total, with Pay and Cancel (which cancels the order,
 * as POST /api/orders/:id/cancel does, and shows it). The session id in the URL is the only
 * credential, as with Stripe's hosted checkout URLs.
 */
export function localCheckoutRouter(deps: Deps): Router {
  const router = new Router({ prefix: LOCAL_CHECKOUT_PATH });

  const sessionOrder = async (sessionId: string) => {
    const order = /^lcs_[\w-]{32}$/.test(sessionId) ? await deps.orders.byCheckoutSession(sessionId) : null;
    return isLocalSession(order) ? order : null;
  };

  router.get('/:sessionId', async (ctx) => {
    const order = await sessionOrder(ctx.params['sessionId'] ?? '');
    ctx.type = 'html';
    if (!order) {
      ctx.status = 404;
      ctx.body = page('Checkout not found', html`<h1>Checkout not found</h1>`);
      return;
    }
    const action = `${LOCAL_CHECKOUT_PATH}/${order.checkout!.sessionId}`;
    const buttons = order.status === 'pending'
      ? html`<form method="post" action="${action}/pay"><button class="pay" type="submit">Pay</button></form>
<form method="post" action="${action}/cancel"><button class="cancel" type="submit">Cancel</button></form>`
      : html`<p>This order is ${order.status}; there is nothing to pay.</p>`;
    ctx.body = page('Checkout', html`<p class="banner">Local test checkout: no real payment is taken.</p>
<h1>Checkout</h1>${orderSummary(order)}${buttons}`);
  });

  router.post('/:sessionId/pay', async (ctx) => {
    const order = await sessionOrder(ctx.params['sessionId'] ?? '');
    if (!order) throw new HttpProblem('NOT_FOUND', 'Checkout not found.');
    const sessionId = order.checkout!.sessionId;
    await deps.completePayment.execute({ orderId: order.id, sessionId, paid: order.total, breakdown: order.breakdown, paymentId: localPaymentId(sessionId) }, { kind: 'provider', id: 'local-checkout' }).catch((error: unknown) => {
      // An order that already ended cannot be paid; the success page shows its state. CompletePayment
      // recorded it on the order; operators watch the log for it, as for Stripe's webhooks.
      if (!(error instanceof DomainError && error.code === 'ORDER_NOT_PAYABLE')) throw error;
      deps.logger.error({ orderId: order.id, code: error.code }, "PAYMENT NOT APPLIED: the order can no longer be paid; see the order's paymentIssue");
    });
    ctx.redirect(`/checkout/success?session_id=${encodeURIComponent(sessionId)}`);
    ctx.status = 303;
  });

  router.post('/:sessionId/cancel', async (ctx) => {
    const order = await sessionOrder(ctx.params['sessionId'] ?? '');
    if (!order) throw new HttpProblem('NOT_FOUND', 'Checkout not found.');
    await deps.cancelOrder.cancel(order, { kind: 'customer', id: order.userId }).catch((error: unknown) => {
      // Paid or ended meanwhile: the checkout page shows what the order now is.
      if (!(error instanceof DomainError && error.code === 'ORDER_NOT_CANCELLABLE')) throw error;
    });
    ctx.redirect(`${LOCAL_CHECKOUT_PATH}/${order.checkout!.sessionId}`);
    ctx.status = 303;
  });

  return router;
}
