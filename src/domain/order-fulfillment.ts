import { InvalidInput, OrderNotFulfillable } from './errors.js';
import { MAX_CARRIER_LENGTH, MAX_TRACKING_NUMBER_LENGTH, MAX_TRACKING_URL_LENGTH, type ShipmentDetails } from './fulfillment.js';
import type { Order } from './order.js';

/* The fulfilment moves of an order, next to its payment moves (order.ts) but apart from them: neither moves the other. */

function checkDetails(details: ShipmentDetails): ShipmentDetails {
  const text = (value: string | undefined, field: string, max: number) => {
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (trimmed.length === 0 || trimmed.length > max) throw new InvalidInput(`${field} must be 1–${max} characters.`, field);
    return trimmed;
  };
  const trackingUrl = text(details.trackingUrl, 'trackingUrl', MAX_TRACKING_URL_LENGTH);
  if (trackingUrl !== undefined && !/^https:\/\/[^/\s]+\S*$/i.test(trackingUrl)) {
    throw new InvalidInput('trackingUrl must be an https URL.', 'trackingUrl');
  }
  return {
    ...(details.carrier !== undefined && { carrier: text(details.carrier, 'carrier', MAX_CARRIER_LENGTH)! }),
    ...(details.trackingNumber !== undefined && { trackingNumber: text(details.trackingNumber, 'trackingNumber', MAX_TRACKING_NUMBER_LENGTH)! }),
    ...(trackingUrl !== undefined && { trackingUrl }),
  };
}

/**
 * Ships a paid order that needs shipping: `unfulfilled` → `shipped`. On a shipped order the same
 * details again return it unchanged (the same object: no second shipment), and different ones
 * update the tracking (a tracking update, status unchanged). Throws `OrderNotFulfillable` for an
 * order that is not `completed`, has nothing to ship, or is delivered already with other details.
 */
export function ship(order: Order, given: ShipmentDetails, at: Date): Order {
  const details = checkDetails(given);
  const current = order.fulfillment;
  const merged = {
    carrier: details.carrier ?? current.carrier,
    trackingNumber: details.trackingNumber ?? current.trackingNumber,
    trackingUrl: details.trackingUrl ?? current.trackingUrl,
  };
  const unchanged = merged.carrier === current.carrier && merged.trackingNumber === current.trackingNumber && merged.trackingUrl === current.trackingUrl;
  if ((current.status === 'shipped' || current.status === 'delivered') && unchanged) return order;
  if (current.status === 'not_required') throw new OrderNotFulfillable(order.id, 'it has nothing to ship');
  if (current.status === 'delivered') throw new OrderNotFulfillable(order.id, 'it was delivered already');
  if (order.status !== 'completed') throw new OrderNotFulfillable(order.id, `it is ${order.status}`);
  return {
    ...order,
    fulfillment: { ...current, ...merged, status: 'shipped', shippedAt: current.shippedAt ?? at, version: current.version + 1 },
    updatedAt: at,
  };
}

/** `shipped` → `delivered`. Idempotent on a delivered order; throws `OrderNotFulfillable` for one not shipped. */
export function deliver(order: Order, at: Date): Order {
  const current = order.fulfillment;
  if (current.status === 'delivered') return order;
  if (current.status !== 'shipped') throw new OrderNotFulfillable(order.id, current.status === 'not_required' ? 'it has nothing to ship' : 'it has not been shipped');
  return { ...order, fulfillment: { ...current, status: 'delivered', deliveredAt: at, version: current.version + 1 }, updatedAt: at };
}

/** A paid order still to ship: the one kind whose shipping address a closed account keeps. */
export const needsAddress = (order: Order): boolean => order.status === 'completed' && order.fulfillment.status === 'unfulfilled';
