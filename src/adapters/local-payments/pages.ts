import Router from '@koa/router';
import type { Logger } from 'pino';
import type { Context } from 'koa';
import type { CancelOrder } from '../../application/orders/cancel-order.js';
import type { CompletePayment } from '../../application/payments/complete-payment.js';
import type { ExpireCheckout } from '../../application/payments/expire-checkout.js';
import type { Orders } from '../../application/ports/orders.js';
import { DomainError } from '../../domain/errors.js';
import { type Money, money } from '../../domain/money.js';
import type { Order } from '../../domain/order.js';
import type { ConfirmedShipping } from '../../domain/shipping.js';
import type { PriceBreakdown } from '../../domain/price-breakdown.js';
import { HttpProblem } from '../http/errors.js';
import { html, page } from '../http/pages/html.js';
import { readRawBody } from '../http/raw-body.js';
import { checkFields, readFields } from './checkout-form.js';
import { checkoutPage } from './checkout-page.js';
import { LOCAL_CHECKOUT_PATH, isLocalSession, localPaymentId } from './gateway.js';

type Deps = Readonly<{ orders: Orders; completePayment: CompletePayment; cancelOrder: CancelOrder; expireCheckout: ExpireCheckout; logger: Logger }>;

const BY_LOCAL_CHECKOUT = { kind: 'provider', id: 'local-checkout' } as const;
const FORM_LIMIT = 16 * 1024;

/**
 * The local checkout page (see checkout-page.ts). Each button does what Stripe does: Pay completes
 * the order through CompletePayment (with the shipping picked and the address typed, checked as
 * Stripe's page checks them: a field error is shown beside the field, never a 500); Decline is a
 * refused card (nothing changes, the customer may try again); Let it expire expires the checkout
 * as Stripe's `checkout.session.expired` does (ExpireCheckout: stock given back); Cancel cancels
 * the order, as POST /api/orders/:id/cancel does. The session id in the URL is the only
 * credential, as with Stripe's hosted checkout URLs.
 */
export function localCheckoutRouter(deps: Deps): Router {
  const router = new Router({ prefix: LOCAL_CHECKOUT_PATH });

  const sessionOrder = async (ctx: Context): Promise<Order> => {
    const sessionId = ctx.params['sessionId'] ?? '';
    const order = /^lcs_[\w-]{32}$/.test(sessionId) ? await deps.orders.byCheckoutSession(sessionId) : null;
    if (!isLocalSession(order)) throw new HttpProblem('NOT_FOUND', 'Checkout not found.');
    return order;
  };
  const pageUrl = (order: Order) => `${LOCAL_CHECKOUT_PATH}/${order.checkout!.sessionId}`;
  const seeOther = (ctx: Context, url: string) => {
    ctx.redirect(url);
    ctx.status = 303;
  };

  router.get('/:sessionId', async (ctx) => {
    ctx.type = 'html';
    const sessionId = ctx.params['sessionId'] ?? '';
    const order = /^lcs_[\w-]{32}$/.test(sessionId) ? await deps.orders.byCheckoutSession(sessionId) : null;
    if (!isLocalSession(order)) {
      ctx.status = 404;
      ctx.body = page('Checkout not found', html`<h1>Checkout not found</h1>`);
      return;
    }
    const declined = ctx.query['declined'] === '1' && order.status === 'pending';
    ctx.body = checkoutPage(order, declined ? { notice: 'Your card was declined (test). Nothing was charged; you can try again.' } : {});
  });

  router.post('/:sessionId/pay', async (ctx) => {
    const order = await sessionOrder(ctx);
    const sessionId = order.checkout!.sessionId;
    let payment: { paid: Money; breakdown: PriceBreakdown; shipping: ConfirmedShipping | null } = { paid: order.total, breakdown: order.breakdown, shipping: null };
    if (order.status === 'pending' && order.shipping) {
      const fields = readFields((await readRawBody(ctx.req, FORM_LIMIT)).toString('utf8'));
      const checked = checkFields(order.shipping, fields);
      if ('errors' in checked) {
        ctx.status = 400;
        ctx.type = 'html';
        ctx.body = checkoutPage(order, { fields, errors: checked.errors, notice: 'Please correct the fields marked below.' });
        return;
      }
      const subtotal = order.breakdown.subtotal;
      payment = {
        paid: money(subtotal + checked.rate.amount, order.total.currency),
        breakdown: { ...order.breakdown, shipping: checked.rate.amount },
        shipping: checked.shipping,
      };
    }
    await deps.completePayment.execute({ orderId: order.id, sessionId, ...payment, paymentId: localPaymentId(sessionId) }, BY_LOCAL_CHECKOUT).catch((error: unknown) => {
      // An order that already ended cannot be paid; the success page shows its state. CompletePayment
      // recorded it on the order; operators watch the log for it, as for Stripe's webhooks.
      if (!(error instanceof DomainError && error.code === 'ORDER_NOT_PAYABLE')) throw error;
      deps.logger.error({ orderId: order.id, code: error.code }, "PAYMENT NOT APPLIED: the order can no longer be paid; see the order's paymentIssue");
    });
    seeOther(ctx, `/checkout/success?session_id=${encodeURIComponent(sessionId)}`);
  });

  // A refused card: Stripe keeps the session open and the order pending, and says so on its page.
  router.post('/:sessionId/decline', async (ctx) => {
    const order = await sessionOrder(ctx);
    seeOther(ctx, order.status === 'pending' ? `${pageUrl(order)}?declined=1` : pageUrl(order));
  });

  router.post('/:sessionId/expire', async (ctx) => {
    const order = await sessionOrder(ctx);
    await deps.expireCheckout.execute({ orderId: order.id, sessionId: order.checkout!.sessionId }, BY_LOCAL_CHECKOUT);
    seeOther(ctx, pageUrl(order));
  });

  router.post('/:sessionId/cancel', async (ctx) => {
    const order = await sessionOrder(ctx);
    await deps.cancelOrder.cancel(order, { kind: 'customer', id: order.userId }).catch((error: unknown) => {
      // Paid or ended meanwhile: the checkout page shows what the order now is.
      if (!(error instanceof DomainError && error.code === 'ORDER_NOT_CANCELLABLE')) throw error;
    });
    seeOther(ctx, pageUrl(order));
  });

  return router;
}
