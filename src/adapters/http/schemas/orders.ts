import { z } from 'zod';
import { MAX_LINE_ITEMS, MAX_QUANTITY } from '../../../domain/order.js';
import { Id, PageQuery, Timestamp } from './common.js';
import { CountryCode, ShippingAddressJson, ShippingRateJson } from './shipping.js';

const Quantity = z.number().int().min(1).max(MAX_QUANTITY).meta({ description: `Whole number, 1–${MAX_QUANTITY}` });
const Line = { productId: Id, quantity: Quantity.default(1) };
const Shipping = {
  shippingOptionId: Id.optional().meta({ description: 'A shipping option chosen already (its price is in the total at once); without it the customer picks at checkout' }),
  shippingCountry: CountryCode.optional().meta({ description: 'Where the order goes: only options serving it are offered, and the address must be there' }),
};

export const CreateOrderBody = z.union([
  z.strictObject({ items: z.array(z.strictObject(Line)).min(1).max(MAX_LINE_ITEMS), ...Shipping }),
  z.strictObject({ ...Line, ...Shipping }),
]).meta({ id: 'CreateOrderRequest', description: '`{items:[…]}`, or the seed\'s single-product form `{productId, quantity?}`' });

export const OrderStatus = z.enum(['pending', 'completed', 'failed', 'expired', 'cancelled', 'refunded'])
  .meta({ description: '`pending` → `completed` | `failed` | `expired` | `cancelled`; `completed` → `refunded`' });
const RefundStatus = z.enum(['pending', 'succeeded', 'failed']);
const FulfillmentStatus = z.enum(['unfulfilled', 'shipped', 'delivered', 'not_required']);

export const FulfillmentJson = z.object({
  status: FulfillmentStatus.meta({ description: '`unfulfilled` (to ship) → `shipped` → `delivered`; `not_required` when there is nothing to ship. Separate from the payment `status`' }),
  carrier: z.string().optional(),
  trackingNumber: z.string().optional(),
  trackingUrl: z.string().optional().meta({ description: 'https' }),
  shippedAt: Timestamp.optional(),
  deliveredAt: Timestamp.optional(),
}).meta({ id: 'Fulfillment' });

export const OrderJson = z.object({
  id: Id,
  status: OrderStatus,
  items: z.array(z.object({ productId: Id, name: z.string(), unitAmount: z.number().int(), quantity: z.number().int() })),
  subtotalAmount: z.number().int().meta({ description: 'The lines, in minor units' }),
  shippingAmount: z.number().int().nullable().meta({ description: 'Shipping in minor units; `null` while none is chosen' }),
  discountAmount: z.number().int().meta({ description: 'Discount in minor units (subtracted)' }),
  taxAmount: z.number().int().meta({ description: 'Tax in minor units' }),
  totalAmount: z.number().int().meta({
    description: 'Total in minor units: subtotal + shipping + tax − discount. Before payment, what is offered; once paid, what the payment provider confirmed',
  }),
  amount: z.number().meta({ description: 'Total in major units (the seed\'s field; display only)' }),
  currency: z.string(),
  shippingOption: z.object({ id: Id, name: z.string(), unitAmount: z.number().int() }).nullable()
    .meta({ description: 'The shipping option chosen (with its price on this order); `null` until chosen, and for orders with nothing to ship' }),
  shippingAddress: ShippingAddressJson.nullable().meta({ description: 'Where it goes, once the payment confirmed it; `null` before, and for orders with nothing to ship' }),
  shippingOptions: z.array(ShippingRateJson).optional()
    .meta({ description: 'While pending with no option chosen: what the customer may pick from at checkout (at most 5, cheapest first)' }),
  fulfillment: FulfillmentJson,
  checkoutUrl: z.string().optional(),
  paymentIssue: z.string().optional().meta({ description: 'Why a payment report (or a refund) was not applied' }),
  refundStatus: RefundStatus.optional().meta({ description: 'The last refund asked for: `pending` until the provider reports it' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  completedAt: Timestamp.optional(),
}).meta({ id: 'Order' });

export const OrderListJson = z.array(OrderJson).meta({ id: 'OrderList' });
export const CreatedOrderJson = z.object({ order: OrderJson, checkoutUrl: z.string() }).meta({ id: 'CreatedOrder' });

export const AdminOrderJson = OrderJson.extend({
  customer: z.object({ id: Id, email: z.string().nullable().meta({ description: '`null` when the account no longer exists' }) }),
  paymentId: z.string().optional().meta({ description: "The payment provider's id of the payment (Stripe: payment intent)" }),
  refund: z.object({ id: z.string(), status: RefundStatus, restock: z.boolean() }).optional(),
}).meta({ id: 'AdminOrder' });
export const AdminOrderListJson = z.array(AdminOrderJson).meta({ id: 'AdminOrderList' });

export const OrderEventJson = z.object({
  id: z.string().meta({ description: '`<orderId>.<type>`: an order enters each status, and is shipped and delivered, at most once; `<orderId>.tracking-updated.<n>` for the n-th fulfilment change' }),
  type: z.enum(['placed', 'paid', 'failed', 'expired', 'cancelled', 'refunded', 'shipped', 'delivered', 'tracking-updated']),
  from: OrderStatus.nullable().meta({ description: '`null` for `placed`' }),
  to: OrderStatus,
  at: z.string().meta({ format: 'date-time' }),
  actor: z.object({
    kind: z.enum(['customer', 'admin', 'provider', 'job']),
    id: z.string().meta({ description: "The account's id (customer, admin), the channel of the provider's report (`webhook`, `return-page`, `local-checkout`, …) or the job's name" }),
  }).meta({ description: 'Who caused it' }),
  fulfillment: z.object({
    from: FulfillmentStatus, to: FulfillmentStatus,
    carrier: z.string().nullable(), trackingNumber: z.string().nullable(), trackingUrl: z.string().nullable(),
    notifyCustomer: z.boolean().meta({ description: 'Whether the customer is to be told (the shipment request\'s `notifyCustomer`)' }),
  }).optional().meta({ description: 'Fulfilment moves only (`shipped`, `tracking-updated`, `delivered`); the payment status stays as it was (`from` = `to`)' }),
}).meta({ id: 'OrderEvent' });
export const OrderEventListJson = z.array(OrderEventJson).meta({ id: 'OrderEventList' });

export const OrderQuery = PageQuery.extend({
  status: OrderStatus.optional().meta({ description: 'Only orders in this status' }),
});

export const AdminOrderQuery = PageQuery.extend({
  status: OrderStatus.optional(),
  userId: Id.optional().meta({ description: "Only this customer's orders" }),
  fulfillment: z.enum(['unfulfilled']).optional()
    .meta({ description: '`unfulfilled`: the to-ship queue, completed orders that still need shipping, **oldest first**; not combined with `status` or `userId`' }),
}).refine((q) => q.fulfillment === undefined || (q.status === undefined && q.userId === undefined), {
  message: 'fulfillment=unfulfilled lists the to-ship queue; it is not combined with status or userId.',
  path: ['fulfillment'],
});

const TrackingText = (max: number) => z.string().trim().min(1).max(max);
export const ShipmentBody = z.strictObject({
  carrier: TrackingText(100).optional().meta({ example: 'DHL' }),
  trackingNumber: TrackingText(100).optional().meta({ example: 'JD014600006281230704' }),
  trackingUrl: z.url({ protocol: /^https$/ }).max(2048).meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]://' }).optional()
    .meta({ description: 'https only', example: 'https://www.dhl.com/track?id=JD014600006281230704' }),
  notifyCustomer: z.boolean().optional().meta({ description: 'Ask for the customer to be told (default true); carried by the `shipped` event' }),
}).meta({ id: 'ShipmentRequest', description: 'Each field given replaces the stored one; fields not given keep it' });

export const RefundOrderBody = z.strictObject({
  restock: z.boolean().optional().meta({ description: "Give the order's stock back (default false)" }),
}).meta({ id: 'RefundOrderRequest' });
