import type { OrderMessageData } from '../../../domain/messages.js';
import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, button, htmlPart, linesHtml, linesText, oneLine, orderRef, textPart } from './layout.js';

/** To the customer, once their payment is confirmed. */
export function orderConfirmation(order: OrderMessageData, shop: ShopIdentity): Rendered {
  const ref = orderRef(order.orderId);
  const name = oneLine(order.customerName, 100);
  return {
    subject: `${oneLine(shop.name)}: order ${ref} is confirmed`,
    text: textPart(shop, [
      `Hello ${name},`,
      `thank you for your order ${ref}. Your payment went through and we are getting it ready.`,
      linesText(order, shop.locale),
      `Your orders: ${shop.storefrontUrl}`,
    ]),
    html: htmlPart(shop, `Order ${ref} is confirmed`, html`<p>Hello ${name},</p>
<p>thank you for your order ${ref}. Your payment went through and we are getting it ready.</p>
${linesHtml(order, shop.locale)}
${button(shop.storefrontUrl, 'Your orders')}`),
  };
}
