import type { Money } from '../../../domain/money.js';
import { toMajorUnits } from '../../../domain/money.js';
import type { MessageLine, OrderMessageData } from '../../../domain/messages.js';
import { type SafeHtml, html } from '../../http/pages/html.js';

/** Who the shop is, as its messages say it: `SHOP_NAME`, `STOREFRONT_URL`, `SHOP_LOCALE`. */
export type ShopIdentity = Readonly<{ name: string; storefrontUrl: string; locale: string }>;

/** One message, ready to send: a subject line, a text part and an HTML part. */
export type Rendered = Readonly<{ subject: string; text: string; html: string }>;

/**
 * Text for a header or a line of its own: control characters and line breaks become spaces, so
 * a name can never start a header or a line of its own. (nodemailer folds and encodes headers
 * too; this does not rely on it.)
 */
export function oneLine(text: string, max = 200): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** `1 234,50 €`, `$1,234.50`, `¥1,235`: the currency's own digits, the shop's locale. */
export function formatAmount(value: Money, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency.toUpperCase() }).format(toMajorUnits(value));
}

/** How customers see an order's id in messages: its last eight characters. */
export const orderRef = (orderId: string) => `#${orderId.slice(-8).toUpperCase()}`;

const lineTotal = (line: MessageLine, currency: string): Money => ({ amount: line.unitAmount * line.quantity, currency });

export function linesText(order: OrderMessageData, locale: string): string {
  const currency = order.total.currency;
  return [
    ...order.lines.map((l) => `  ${l.quantity} × ${oneLine(l.name)}  ${formatAmount(lineTotal(l, currency), locale)}`),
    `  Total  ${formatAmount(order.total, locale)}`,
  ].join('\n');
}

export function linesHtml(order: OrderMessageData, locale: string): SafeHtml {
  const currency = order.total.currency;
  const cell = 'padding:4px 0;border-bottom:1px solid #e4e7ee';
  return html`<table role="presentation" style="width:100%;border-collapse:collapse;margin:16px 0">
${order.lines.map((l) => html`<tr><td style="${cell}">${l.quantity} × ${l.name}</td><td style="${cell};text-align:right">${formatAmount(lineTotal(l, currency), locale)}</td></tr>
`)}<tr><td style="padding:8px 0;font-weight:600">Total</td><td style="padding:8px 0;font-weight:600;text-align:right">${formatAmount(order.total, locale)}</td></tr>
</table>`;
}

/** The text part: the body's paragraphs, then who sent it. */
export function textPart(shop: ShopIdentity, paragraphs: readonly string[]): string {
  return `${paragraphs.join('\n\n')}\n\n-- \n${oneLine(shop.name)}\n${shop.storefrontUrl}\n`;
}

/** The HTML part: one column, inline styles only (mail clients drop stylesheets), every value escaped. */
export function htmlPart(shop: ShopIdentity, heading: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${shop.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${heading}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d2330">
<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #e4e7ee;border-radius:12px;padding:24px">
<p style="margin:0 0 16px;font-weight:600"><a href="${shop.storefrontUrl}" style="color:#1d2330;text-decoration:none" target="_blank">${shop.name}</a></p>
<h1 style="font-size:20px;margin:0 0 16px">${heading}</h1>
${body}
</div>
</body>
</html>
`.value;
}

/** A link as a button. */
export const button = (href: string, label: string) =>
  html`<p style="margin:24px 0"><a href="${href}" target="_blank" style="background:#4b5bdc;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none">${label}</a></p>`;
