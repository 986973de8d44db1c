import { formatMoney, money } from '../../../domain/money.js';
import type { Order } from '../../../domain/order.js';
import { html } from './html.js';

export function orderSummary(order: Order) {
  const line = (unitAmount: number, quantity: number) => formatMoney(money(unitAmount * quantity, order.total.currency));
  return html`
<p>Order <code>${order.id}</code> · <span class="status status-${order.status}" data-testid="status">${order.status}</span></p>
<table>
  ${order.items.map((i) => html`<tr><td>${i.imageUrl ? html`<img class="thumb" src="${i.imageUrl}" alt="" width="48" height="48"> ` : ''}${i.quantity} × ${i.name}</td><td class="num">${line(i.unitAmount, i.quantity)}</td></tr>`)}
  <tr class="total"><td>Total</td><td class="num" data-testid="total">${formatMoney(order.total)}</td></tr>
</table>`;
}
