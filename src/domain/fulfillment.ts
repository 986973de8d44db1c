
/**
 * Where the goods are, separate from the payment: `unfulfilled` (to ship), `shipped`, `delivered`,
 * or `not_required` (nothing to ship: no shippable line, no shipping step, or an order stored
 * before fulfilment existed). The payment state machine never moves it, and it never moves the
 * payment `status`.
 */
export type FulfillmentStatus = 'unfulfilled' | 'shipped' | 'delivered' | 'not_required';

export type Fulfillment = Readonly<{
  status: FulfillmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  /** https only. */
  trackingUrl: string | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  /** How many fulfilment moves the order went through: the condition of the next one, and part of a tracking update's event id. */
  version: number;
}>;

/** What an admin says when shipping: each absent field keeps what is stored. */
export type ShipmentDetails = Readonly<{ carrier?: string; trackingNumber?: string; trackingUrl?: string }>;

export const MAX_CARRIER_LENGTH = 100;
export const MAX_TRACKING_NUMBER_LENGTH = 100;
export const MAX_TRACKING_URL_LENGTH = 2048;

const NONE = { carrier: null, trackingNumber: null, trackingUrl: null, shippedAt: null, deliveredAt: null, version: 0 } as const;

/** A new order's: `unfulfilled` when it has a shipping step, else `not_required`. */
export const initialFulfillment = (shipped: boolean): Fulfillment => ({ ...NONE, status: shipped ? 'unfulfilled' : 'not_required' });

/** What orders stored before fulfilment existed read as. */
export const NOT_REQUIRED: Fulfillment = initialFulfillment(false);
