import type { OrderMessageData } from '../../../domain/messages.js';
import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, htmlPart, linesHtml, linesText, oneLine, orderRef, textPart } from './layout.js';

type Shipped = OrderMessageData & Readonly<{ carrier: string | null; trackingNumber: string | null; trackingUrl: string | null }>;

/** To the customer, when the admin marks the order shipped (and asked to notify). */
export function orderShipped(order: Shipped, shop: ShopIdentity): Rendered {
  const ref = orderRef(order.orderId);
  const name = oneLine(order.customerName, 100);
  const carrier = order.carrier ? oneLine(order.carrier, 100) : null;
  const tracking = order.trackingNumber ? oneLine(order.trackingNumber, 100) : null;
  const how = [carrier && `with ${carrier}`, tracking && `tracking number ${tracking}`].filter(Boolean).join(', ');
  return {
    subject: `${oneLine(shop.name)}: order ${ref} is on its way`,
    text: textPart(shop, [
      `Hello ${name},`,
      `your order ${ref} has left us${how ? ` (${how})` : ''}.`,
      ...(order.trackingUrl ? [`Follow it here: ${order.trackingUrl}`] : []),
      linesText(order, shop.locale),
    ]),
    html: htmlPart(shop, `Order ${ref} is on its way`, html`<p>Hello ${name},</p>
<p>your order ${ref} has left us${how ? ` (${how})` : ''}.</p>
${order.trackingUrl ? html`<p><a href="${order.trackingUrl}">Follow your parcel</a></p>` : ''}
${linesHtml(order, shop.locale)}`),
  };
}
