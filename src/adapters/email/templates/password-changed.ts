import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, htmlPart, oneLine, textPart } from './layout.js';

/** To a customer whose password was changed or reset: if it was not them, they can act at once. */
export function passwordChanged(data: { name: string }, shop: ShopIdentity): Rendered {
  const name = oneLine(data.name, 100);
  return {
    subject: `${oneLine(shop.name)}: your password was changed`,
    text: textPart(shop, [
      `Hello ${name},`,
      'the password of your account was just changed, and every other session was signed out.',
      `If this was not you, reset your password at once: ${shop.storefrontUrl}`,
    ]),
    html: htmlPart(shop, 'Your password was changed', html`<p>Hello ${name},</p>
<p>the password of your account was just changed, and every other session was signed out.</p>
<p>If this was not you, reset your password at once: <a href="${shop.storefrontUrl}" target="_blank">${shop.storefrontUrl}</a></p>`),
  };
}
