import { html } from '../../http/pages/html.js';
import { type Rendered, type ShopIdentity, button, htmlPart, oneLine, textPart } from './layout.js';

/** To a customer who asked to reset their password: the link, and what to do if it was not them. */
export function passwordReset(data: { name: string; resetUrl: string; expiresInMinutes: number }, shop: ShopIdentity): Rendered {
  const name = oneLine(data.name, 100);
  return {
    subject: `${oneLine(shop.name)}: reset your password`,
    text: textPart(shop, [
      `Hello ${name},`,
      `to choose a new password, open this link within ${data.expiresInMinutes} minutes:`,
      data.resetUrl,
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ]),
    html: htmlPart(shop, 'Reset your password', html`<p>Hello ${name},</p>
<p>to choose a new password, open this link within ${data.expiresInMinutes} minutes:</p>
${button(data.resetUrl, 'Choose a new password')}
<p style="word-break:break-all;font-size:14px">${data.resetUrl}</p>
<p>If you did not ask for this, ignore this message: your password stays as it is.</p>`),
  };
}
