import type { OrderMessageData } from '../../../domain/messages.js';
import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, formatAmount, htmlPart, linesHtml, linesText, oneLine, orderRef, textPart } from './layout.js';

/** To the owner: an order was paid and is waiting to be sent out. */
export function newPaidOrder(order: OrderMessageData & { customerEmail: string }, shop: ShopIdentity): Rendered {
  const ref = orderRef(order.orderId);
  const total = formatAmount(order.total, shop.locale);
  const customer = `${oneLine(order.customerName, 100)} <${oneLine(order.customerEmail)}>`;
  return {
    subject: `New paid order ${ref}: ${total}`,
    text: textPart(shop, [
      `Order ${order.orderId} was paid (${total}).`,
      `Customer: ${customer}`,
      linesText(order, shop.locale),
    ]),
    html: htmlPart(shop, `New paid order ${ref}`, html`<p>Order <code>${order.orderId}</code> was paid (<strong>${total}</strong>).</p>
<p>Customer: ${customer}</p>
${linesHtml(order, shop.locale)}`),
  };
}
