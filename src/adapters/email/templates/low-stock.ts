import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, htmlPart, oneLine, textPart } from './layout.js';

/** To the owner: a product is running out. */
export function lowStock(data: { productId: string; productName: string; stock: number }, shop: ShopIdentity): Rendered {
  const name = oneLine(data.productName, 100);
  const left = data.stock === 0 ? 'sold out' : `${data.stock} left`;
  return {
    subject: `Low stock: ${name} (${left})`,
    text: textPart(shop, [
      `${name} (product ${data.productId}) is ${data.stock === 0 ? 'sold out' : `down to ${data.stock}`}.`,
      'Set a new count with PATCH /api/products/:id {"stock": …}.',
    ]),
    html: htmlPart(shop, `Low stock: ${name}`, html`<p>${name} (product <code>${data.productId}</code>) is <strong>${data.stock === 0 ? 'sold out' : `down to ${data.stock}`}</strong>.</p>
<p>Set a new count with <code>PATCH /api/products/:id {"stock": …}</code>.</p>`),
  };
}
