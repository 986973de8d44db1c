import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, htmlPart, oneLine, orderRef, textPart } from './layout.js';

/** To the owner: a payment report was not applied and the order needs a person. */
export function paymentIssue(data: { orderId: string; issue: string }, shop: ShopIdentity): Rendered {
  const ref = orderRef(data.orderId);
  const issue = oneLine(data.issue, 1000);
  return {
    subject: `Payment issue on order ${ref}`,
    text: textPart(shop, [
      `Order ${data.orderId} needs your attention:`,
      issue,
      "The order's paymentIssue field says the same; refund or settle it by hand in the payment provider's dashboard.",
    ]),
    html: htmlPart(shop, `Payment issue on order ${ref}`, html`<p>Order <code>${data.orderId}</code> needs your attention:</p>
<p style="background:#fde2e1;border-radius:8px;padding:8px 12px">${issue}</p>
<p>The order's <code>paymentIssue</code> field says the same; refund or settle it by hand in the payment provider's dashboard.</p>`),
  };
}
