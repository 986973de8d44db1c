import { describe, expect, it } from 'vitest';
import { LOCAL_CHECKOUT_PATH, LocalPaymentGateway, isLocalSession } from '../../../../src/adapters/local-payments/gateway.js';
import type { PaymentGateway } from '../../../../src/application/ports/index.js';
import { anOrder } from '../../../support/builders.js';

const APP_URL = 'http://localhost:3000';

describe('LocalPaymentGateway', () => {
  it('refuses to exist with NODE_ENV=production', () => {
    expect(() => new LocalPaymentGateway(APP_URL, 'production')).toThrow(/production/);
  });

  it('runs in development, test and when NODE_ENV is unset', () => {
    for (const env of ['development', 'test', undefined]) {
      expect(new LocalPaymentGateway(APP_URL, env).name).toBe('local');
    }
  });

  it('says what the composition needs: its own pages, no money moved, nothing to reconcile', () => {
    const gateway: PaymentGateway = new LocalPaymentGateway(APP_URL, 'test');
    expect(gateway).toMatchObject({ servesCheckoutPages: true, movesMoney: false, reconcilable: false });
    expect(gateway.description).toBe(`local checkout pages (${APP_URL}${LOCAL_CHECKOUT_PATH}/…)`);
  });

  it('serves the checkout under the app URL', async () => {
    const order = anOrder().build();
    const checkout = await new LocalPaymentGateway(APP_URL, 'test').startCheckout({
      order,
      customerEmail: 'ada@example.com',
    });
    expect(checkout.sessionId).toMatch(/^lcs_[A-Za-z0-9_-]{32}$/);
    expect(checkout.url).toBe(`${APP_URL}${LOCAL_CHECKOUT_PATH}/${checkout.sessionId}`);
    expect(new URL(checkout.url).origin).toBe(APP_URL);
  });

  it('is idempotent per order and gives each order its own session', async () => {
    const gateway = new LocalPaymentGateway(APP_URL, 'test');
    const order = anOrder().build();
    const other = anOrder().build();
    const first = await gateway.startCheckout({ order, customerEmail: 'ada@example.com' });
    const again = await gateway.startCheckout({ order, customerEmail: 'ada@example.com' });
    const second = await gateway.startCheckout({ order: other, customerEmail: 'ada@example.com' });
    expect(again).toEqual(first);
    expect(second.sessionId).not.toBe(first.sessionId);
  });

  it('never has anything to report about a session', async () => {
    const gateway: PaymentGateway = new LocalPaymentGateway(APP_URL, 'test');
    const { sessionId } = await gateway.startCheckout({ order: anOrder().build(), customerEmail: 'a@example.com' });
    expect(await gateway.retrieveCheckout(sessionId)).toBeNull();
  });

  it('recognises orders paid through the local checkout', () => {
    expect(isLocalSession(anOrder().withCheckout('lcs_abc').build())).toBe(true);
    expect(isLocalSession(anOrder().withCheckout('cs_test_abc').build())).toBe(false);
    expect(isLocalSession(anOrder().build())).toBe(false);
    expect(isLocalSession(null)).toBe(false);
  });
});
