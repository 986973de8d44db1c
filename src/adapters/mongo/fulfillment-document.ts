import { type Fulfillment, NOT_REQUIRED } from '../../domain/fulfillment.js';

/** `carrier`, `trackingNumber`, `trackingUrl`, `shippedAt`, `deliveredAt` absent until set. */
export type FulfillmentDocument = {
  status: Exclude<Fulfillment['status'], 'not_required'>;
  version: number;
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  shippedAt?: Date;
  deliveredAt?: Date;
};

export const fulfillmentDocument = (f: Fulfillment): FulfillmentDocument | undefined => (f.status === 'not_required' ? undefined : {
  status: f.status,
  version: f.version,
  ...(f.carrier !== null && { carrier: f.carrier }),
  ...(f.trackingNumber !== null && { trackingNumber: f.trackingNumber }),
  ...(f.trackingUrl !== null && { trackingUrl: f.trackingUrl }),
  ...(f.shippedAt !== null && { shippedAt: f.shippedAt }),
  ...(f.deliveredAt !== null && { deliveredAt: f.deliveredAt }),
});

export const toFulfillment = (d: FulfillmentDocument | undefined): Fulfillment => (d ? {
  status: d.status,
  version: d.version,
  carrier: d.carrier ?? null,
  trackingNumber: d.trackingNumber ?? null,
  trackingUrl: d.trackingUrl ?? null,
  shippedAt: d.shippedAt ?? null,
  deliveredAt: d.deliveredAt ?? null,
} : NOT_REQUIRED);
