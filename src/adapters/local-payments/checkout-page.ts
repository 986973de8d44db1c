import { formatMoney, money } from '../../domain/money.js';
import type { Order } from '../../domain/order.js';
import type { ShippingRate } from '../../domain/shipping.js';
import { type SafeHtml, html, page } from '../http/pages/html.js';
import { orderSummary } from '../http/pages/order-summary.js';
import type { CheckoutFields, FieldErrors, FieldName } from './checkout-form.js';
import { LOCAL_CHECKOUT_PATH } from './gateway.js';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export type PageState = Readonly<{ fields?: CheckoutFields; errors?: FieldErrors; notice?: string }>;

/**
 * The local checkout: the order, and for a pending one Pay, Decline and Let it expire (the unhappy
 * paths Stripe's test cards give), plus Cancel. With a shipping step, the shipping choice and an
 * address form (standard `autocomplete` tokens, errors beside their fields, the country limited
 * to those allowed). No script: the page works as plain forms under the pages' CSP.
 */
export function checkoutPage(order: Order, state: PageState = {}): string {
  const action = `${LOCAL_CHECKOUT_PATH}/${order.checkout!.sessionId}`;
  const notice = state.notice ? html`<p class="notice" role="alert" data-testid="notice">${state.notice}</p>` : '';
  const body = order.status === 'pending'
    ? html`<form method="post" action="${action}/pay" novalidate>
${order.shipping ? shippingFields(order, state) : ''}
<p class="actions"><button class="pay" type="submit">Pay</button>
<button class="decline" type="submit" formaction="${action}/decline">Decline</button>
<button class="expire" type="submit" formaction="${action}/expire">Let it expire</button></p>
</form>
<form method="post" action="${action}/cancel"><button class="cancel" type="submit">Cancel</button></form>`
    : html`<p>This order is ${order.status}; there is nothing to pay.</p>`;
  return page('Checkout', html`<p class="banner">Local test checkout: no real payment is taken.</p>
<h1>Checkout</h1>${notice}${orderSummary(order)}${body}`);
}

function shippingFields(order: Order, state: PageState): SafeHtml {
  const shipping = order.shipping!;
  const fields = state.fields;
  const errors = state.errors ?? {};
  const value = (name: FieldName) => fields?.[name] ?? '';
  const error = (name: FieldName) => (errors[name]
    ? html`<span class="error" id="${name}-error" data-testid="error-${name}">${errors[name]}</span>` : '');
  const invalid = (name: FieldName) => (errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : '');
  const input = (name: FieldName, label: string, autocomplete: string, optional = false) => html`
<label for="${name}">${label}${optional ? ' (optional)' : ''}</label>
<input id="${name}" name="${name}" autocomplete="${autocomplete}" value="${value(name)}"${optional ? '' : html` required`}${invalid(name)}>${error(name)}`;
  const picked = value('shippingOptionId') || shipping.chosen?.optionId || (shipping.offered.length === 1 ? shipping.offered[0]!.optionId : '');
  const country = value('country') || (shipping.countries.length === 1 ? shipping.countries[0]! : '');
  return html`<fieldset><legend>Shipping</legend>
${shipping.offered.map((rate) => html`<label class="choice"><input type="radio" name="shippingOptionId" value="${rate.optionId}"${rate.optionId === picked ? html` checked` : ''}${invalid('shippingOptionId')}> ${describe(order, rate)}</label>`)}
${error('shippingOptionId')}</fieldset>
<fieldset><legend>Shipping address</legend>
${input('name', 'Full name', 'name')}${input('line1', 'Address', 'address-line1')}${input('line2', 'Address line 2', 'address-line2', true)}
${input('city', 'City', 'address-level2')}${input('state', 'State or region', 'address-level1', true)}${input('postalCode', 'Postal code', 'postal-code', true)}
<label for="country">Country</label>
<select id="country" name="country" autocomplete="country" required${invalid('country')}>
<option value="">Choose…</option>
${shipping.countries.map((c) => html`<option value="${c}"${c === country ? html` selected` : ''}>${regionNames.of(c) ?? c}</option>`)}
</select>${error('country')}
${input('phone', 'Phone', 'tel', true)}
</fieldset>`;
}

function describe(order: Order, rate: ShippingRate): string {
  const { currency } = order.total;
  const days = rate.minDays && rate.maxDays ? ` · ${rate.minDays}–${rate.maxDays} business days`
    : rate.maxDays ? ` · up to ${rate.maxDays} business day${rate.maxDays === 1 ? '' : 's'}` : rate.minDays ? ` · from ${rate.minDays} business day${rate.minDays === 1 ? '' : 's'}` : '';
  const total = formatMoney(money(order.breakdown.subtotal + rate.amount, currency));
  return `${rate.name}: ${formatMoney(money(rate.amount, currency))}${days} (total ${total})`;
}
