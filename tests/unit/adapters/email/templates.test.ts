import { describe, expect, it } from 'vitest';
import { oneLine } from '../../../../src/adapters/email/templates/layout.js';
import { render } from '../../../../src/adapters/email/templates/index.js';
import { MESSAGE_KINDS, type Message } from '../../../../src/domain/messages.js';

const shop = { name: 'Tea & Co', storefrontUrl: 'https://tea.example', locale: 'en-US' };
const order = { orderId: '65f0000000000000000000aa', customerName: 'Ada <b>', lines: [{ name: 'Cup & saucer', quantity: 3, unitAmount: 1250 }], total: { amount: 3750, currency: 'usd' } };

const examples: { [K in Message['kind']]: Extract<Message, { kind: K }> } = {
  'order-confirmation': { kind: 'order-confirmation', data: order },
  'order-refunded': { kind: 'order-refunded', data: { ...order, refunded: { amount: 3750, currency: 'usd' } } },
  'order-shipped': { kind: 'order-shipped', data: { ...order, carrier: 'UPS', trackingNumber: '1Z<9>', trackingUrl: 'https://ups.example/t?n=1Z&x="y"' } },
  'new-paid-order': { kind: 'new-paid-order', data: { ...order, customerEmail: 'ada@example.com' } },
  'payment-issue': { kind: 'payment-issue', data: { orderId: order.orderId, issue: 'Payment of 1.00 USD does not match order total 37.50 USD.' } },
  'low-stock': { kind: 'low-stock', data: { productId: '65f0000000000000000000bb', productName: 'Kettle', stock: 2 } },
  'password-reset': { kind: 'password-reset', data: { name: 'Ada', resetUrl: 'https://tea.example/account/reset?token=abc', expiresInMinutes: 30 } },
  'password-changed': { kind: 'password-changed', data: { name: 'Ada' } },
};

describe('message templates', () => {
  it('render every kind: a one-line subject, a text part and an HTML part, both signed by the shop', () => {
    for (const kind of MESSAGE_KINDS) {
      const { subject, text, html } = render(examples[kind], shop);
      expect(subject, kind).toMatch(/^[^\r\n]{5,200}$/);
      expect(text, kind).toContain('Tea & Co\nhttps://tea.example');
      expect(html, kind).toMatch(/^<!doctype html>/);
      expect(html, kind).toContain('Tea &amp; Co');
      expect(html, kind).not.toContain('Ada <b>');
    }
  });

  it('write amounts in the currency, for the locale', () => {
    expect(render(examples['order-confirmation'], shop).text).toContain('3 × Cup & saucer  $37.50');
    const euro = { ...order, total: { amount: 123456, currency: 'eur' }, lines: [{ name: 'Samovar', quantity: 1, unitAmount: 123456 }] };
    expect(render({ kind: 'order-confirmation', data: euro }, { ...shop, locale: 'de-DE' }).text).toMatch(/Total {2}1\.234,56\s€/);
    const yen = { ...order, total: { amount: 1500, currency: 'jpy' }, lines: [{ name: 'Tea', quantity: 1, unitAmount: 1500 }] };
    expect(render({ kind: 'order-confirmation', data: yen }, { ...shop, locale: 'ja-JP' }).text).toMatch(/Total {2}[￥¥]1,500\n/);
  });

  it('give the carrier, the tracking number and the link in a shipped notice, escaped in the HTML', () => {
    const { subject, text, html } = render(examples['order-shipped'], shop);
    expect(subject).toBe('Tea & Co: order #000000AA is on its way');
    expect(text).toContain('(with UPS, tracking number 1Z<9>)');
    expect(text).toContain('Follow it here: https://ups.example/t?n=1Z&x="y"');
    expect(html).toContain('tracking number 1Z&lt;9&gt;');
    expect(html).toContain('href="https://ups.example/t?n=1Z&amp;x=&quot;y&quot;"');
  });

  it('put the reset link in both parts, escaped in the HTML', () => {
    const reset = { kind: 'password-reset', data: { name: 'Ada', resetUrl: 'https://tea.example/r?token=a&b="x"', expiresInMinutes: 30 } } as const;
    const { text, html } = render(reset, shop);
    expect(text).toContain('https://tea.example/r?token=a&b="x"');
    expect(text).toContain('within 30 minutes');
    expect(html).toContain('href="https://tea.example/r?token=a&amp;b=&quot;x&quot;"');
  });

  it('make any text one line for a header: no CR, LF or other control character survives', () => {
    expect(oneLine('Eve\r\nBcc: x@y.z\u2028\u0000 more')).toBe('Eve Bcc: x@y.z more');
    expect(oneLine('a'.repeat(300))).toHaveLength(200);
    const subject = render({ kind: 'low-stock', data: { productId: 'p', productName: 'Mug\r\nBcc: x@y.z', stock: 0 } }, shop).subject;
    expect(subject).toBe('Low stock: Mug Bcc: x@y.z (sold out)');
  });
});
