import { formatMoney, money } from '../../../domain/money.js';
import type { Order } from '../../../domain/order.js';
import { html } from './html.js';

export function orderSummary(order: Order) {
  const line = (unitAmount: number, quantity: number) => formatMoney(money(unitAmount * quantity, order.total.currency));
  return html`
<p>Order <code>${order.id}</code> · <span class="status status-${order.status}" data-testid="status">${order.status}</span>${order.fulfillment.status === 'not_required' ? '' : html` · delivery <span class="status" data-testid="fulfillment">${order.fulfillment.status}</span>`}</p>
<table>
  ${order.items.map((i) => html`<tr><td>${i.imageUrl ? html`<img class="thumb" src="${i.imageUrl}" alt="" width="48" height="48"> ` : ''}${i.quantity} × ${i.name}</td><td class="num">${line(i.unitAmount, i.quantity)}</td></tr>`)}
  ${parts(order)}
  <tr class="total"><td>Total</td><td class="num" data-testid="total">${formatMoney(order.total)}</td></tr>
</table>`;
}

/** Subtotal, shipping, discount and tax, when the order has more than its lines. */
function parts(order: Order) {
  const { subtotal, shipping, discount, tax } = order.breakdown;
  if (order.shipping === null && !shipping && !discount && !tax) return '';
  const amount = (n: number) => formatMoney(money(n, order.total.currency));
  const shippingText = shipping === null ? 'chosen below' : `${amount(shipping)}${order.shipping?.chosen ? ` (${order.shipping.chosen.name})` : ''}`;
  return html`<tr class="part"><td>Subtotal</td><td class="num" data-testid="subtotal">${amount(subtotal)}</td></tr>
  <tr class="part"><td>Shipping</td><td class="num" data-testid="shipping">${shippingText}</td></tr>
  ${discount ? html`<tr class="part"><td>Discount</td><td class="num">−${amount(discount)}</td></tr>` : ''}
  ${tax ? html`<tr class="part"><td>Tax</td><td class="num">${amount(tax)}</td></tr>` : ''}`;
}
