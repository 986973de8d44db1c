import type { Money } from '../../../domain/money.js';
import type { OrderMessageData } from '../../../domain/messages.js';
import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, formatAmount, htmlPart, linesHtml, linesText, oneLine, orderRef, textPart } from './layout.js';

/** To the customer, once a refund has gone through. */
export function orderRefunded(order: OrderMessageData & { refunded: Money }, shop: ShopIdentity): Rendered {
  const ref = orderRef(order.orderId);
  const name = oneLine(order.customerName, 100);
  const amount = formatAmount(order.refunded, shop.locale);
  return {
    subject: `${oneLine(shop.name)}: ${amount} refunded for order ${ref}`,
    text: textPart(shop, [
      `Hello ${name},`,
      `we have refunded ${amount} for your order ${ref}. Depending on your bank it can take a few days to show on your statement.`,
      linesText(order, shop.locale),
    ]),
    html: htmlPart(shop, `${amount} refunded`, html`<p>Hello ${name},</p>
<p>we have refunded <strong>${amount}</strong> for your order ${ref}. Depending on your bank it can take a few days to show on your statement.</p>
${linesHtml(order, shop.locale)}`),
  };
}
