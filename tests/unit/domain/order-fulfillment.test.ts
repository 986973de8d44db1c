import { describe, expect, it } from 'vitest';
import { InvalidInput, OrderNotFulfillable } from '../../../src/domain/errors.js';
import { initialFulfillment } from '../../../src/domain/fulfillment.js';
import { deliver, ship } from '../../../src/domain/order-fulfillment.js';
import { fulfillmentMoved } from '../../../src/domain/order-events.js';
import type { Order } from '../../../src/domain/order.js';
import { T0, anAddress, anOrder } from '../../support/builders.js';

const LATER = new Date(T0.getTime() + 60_000);
const EVEN_LATER = new Date(T0.getTime() + 120_000);
const admin = { kind: 'admin', id: 'f'.repeat(24) } as const;
const toShip = (): Order => anOrder().toBeShipped(anAddress()).paid().build();
const dhl = { carrier: 'DHL', trackingNumber: 'JD0146', trackingUrl: 'https://www.dhl.com/track?id=JD0146' };

describe('initialFulfillment', () => {
  it('is unfulfilled for an order with a shipping step, not_required for any other', () => {
    expect(initialFulfillment(true)).toMatchObject({ status: 'unfulfilled', version: 0 });
    expect(initialFulfillment(false)).toMatchObject({ status: 'not_required', version: 0 });
  });
});

describe('ship', () => {
  it('ships a paid order that needs shipping, keeping the payment status', () => {
    const order = toShip();
    const shipped = ship(order, dhl, LATER);
    expect(shipped).toMatchObject({ status: 'completed', updatedAt: LATER, fulfillment: { status: 'shipped', ...dhl, shippedAt: LATER, deliveredAt: null, version: 1 } });
    expect(fulfillmentMoved(order, shipped, admin, true)).toEqual({
      id: `${order.id}.shipped`, type: 'shipped', orderId: order.id, from: 'completed', to: 'completed', at: LATER, actor: admin,
      fulfillment: { from: 'unfulfilled', to: 'shipped', ...dhl, notifyCustomer: true },
    });
  });

  it('answers the same order (no second shipment) for the same details, or none', () => {
    const shipped = ship(toShip(), dhl, LATER);
    expect(ship(shipped, dhl, EVEN_LATER)).toBe(shipped);
    expect(ship(shipped, {}, EVEN_LATER)).toBe(shipped);
    expect(ship(shipped, { carrier: 'DHL' }, EVEN_LATER)).toBe(shipped);
  });

  it('updates the tracking of a shipped order with other details: a tracking update with a version in its event id', () => {
    const shipped = ship(toShip(), dhl, LATER);
    const updated = ship(shipped, { trackingNumber: 'JD0147' }, EVEN_LATER);
    expect(updated.fulfillment).toMatchObject({ status: 'shipped', carrier: 'DHL', trackingNumber: 'JD0147', shippedAt: LATER, version: 2 });
    const event = fulfillmentMoved(shipped, updated, admin, false);
    expect(event).toMatchObject({ id: `${shipped.id}.tracking-updated.2`, type: 'tracking-updated', fulfillment: { from: 'shipped', to: 'shipped', notifyCustomer: false } });
    const again = ship(updated, { trackingNumber: 'JD0148' }, EVEN_LATER);
    expect(fulfillmentMoved(updated, again, admin, true).id).toBe(`${shipped.id}.tracking-updated.3`);
  });

  it('refuses an order that is not paid, has nothing to ship, or was delivered (other details)', () => {
    for (const order of [anOrder().toBeShipped().build(), anOrder().toBeShipped().refunded().build(), anOrder().paid().build()]) {
      expect(() => ship(order, dhl, LATER)).toThrow(OrderNotFulfillable);
    }
    const delivered = deliver(ship(toShip(), dhl, LATER), EVEN_LATER);
    expect(ship(delivered, dhl, EVEN_LATER)).toBe(delivered);
    expect(() => ship(delivered, { trackingNumber: 'other' }, EVEN_LATER)).toThrow(OrderNotFulfillable);
  });

  it('refuses tracking details that are empty, too long, or a URL that is not https', () => {
    for (const details of [{ carrier: ' ' }, { trackingNumber: 'x'.repeat(101) }, { trackingUrl: 'http://dhl.example/1' }, { trackingUrl: 'javascript:alert(1)' }]) {
      expect(() => ship(toShip(), details, LATER)).toThrow(InvalidInput);
    }
  });
});

describe('deliver', () => {
  it('delivers a shipped order, idempotently, whatever its payment status (a refunded return still arrives)', () => {
    const shipped = ship(toShip(), dhl, LATER);
    const delivered = deliver(shipped, EVEN_LATER);
    expect(delivered.fulfillment).toMatchObject({ status: 'delivered', deliveredAt: EVEN_LATER, shippedAt: LATER, version: 2 });
    expect(fulfillmentMoved(shipped, delivered, admin, true)).toMatchObject({ id: `${shipped.id}.delivered`, type: 'delivered' });
    expect(deliver(delivered, EVEN_LATER)).toBe(delivered);
    expect(deliver({ ...shipped, status: 'refunded' }, EVEN_LATER).fulfillment.status).toBe('delivered');
  });

  it('refuses an order that was not shipped', () => {
    expect(() => deliver(toShip(), LATER)).toThrow(/not been shipped/);
    expect(() => deliver(anOrder().paid().build(), LATER)).toThrow(/nothing to ship/);
  });
});
