import type { OrderEvent } from '../../domain/order-events.js';
import type { AuthSession, PublicUser } from '../../application/accounts/auth-session.js';
import { toMajorUnits } from '../../domain/money.js';
import type { Fulfillment } from '../../domain/fulfillment.js';
import type { Order } from '../../domain/order.js';
import type { AdminOrder } from '../../application/orders/admin-order.js';
import { type Product, inStock } from '../../domain/product.js';
import type { ShippingAddress, ShippingOption, ShippingRate } from '../../domain/shipping.js';

export const userJson = (u: PublicUser) => ({ id: u.id, name: u.name, email: u.email, role: u.role });

export const profileJson = (u: PublicUser) => ({ ...userJson(u), createdAt: u.createdAt.toISOString() });

export const authJson = (session: AuthSession) => ({
  access_token: session.accessToken,
  token_type: 'Bearer' as const,
  expires_in: session.expiresInSeconds,
  refresh_token: session.refreshToken,
  user: userJson(session.user),
});

export const productJson = (p: Product) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  category: p.category,
  unitAmount: p.price.amount,
  price: toMajorUnits(p.price),
  currency: p.price.currency,
  active: p.active,
  inStock: inStock(p),
  imageUrl: p.imageUrl,
  shippable: p.shippable,
  createdAt: p.createdAt.toISOString(),
});

/** Only in answers to administrators: the exact count is the shop's business. */
export const adminProductJson = (p: Product) => ({ ...productJson(p), stock: p.stock });

export const shippingOptionJson = (o: ShippingOption) => ({
  id: o.id,
  name: o.name,
  unitAmount: o.price.amount,
  price: toMajorUnits(o.price),
  currency: o.price.currency,
  countries: [...o.countries],
  freeOverAmount: o.freeOverAmount,
  minDays: o.minDays,
  maxDays: o.maxDays,
  active: o.active,
  createdAt: o.createdAt.toISOString(),
});

const rateJson = (r: ShippingRate) => ({ id: r.optionId, name: r.name, unitAmount: r.amount, minDays: r.minDays, maxDays: r.maxDays });

const addressJson = (a: ShippingAddress) => ({
  name: a.name, line1: a.line1, line2: a.line2, city: a.city, postalCode: a.postalCode, state: a.state, country: a.country, phone: a.phone,
});

const fulfillmentJson = (f: Fulfillment) => ({
  status: f.status,
  ...(f.carrier !== null && { carrier: f.carrier }),
  ...(f.trackingNumber !== null && { trackingNumber: f.trackingNumber }),
  ...(f.trackingUrl !== null && { trackingUrl: f.trackingUrl }),
  ...(f.shippedAt !== null && { shippedAt: f.shippedAt.toISOString() }),
  ...(f.deliveredAt !== null && { deliveredAt: f.deliveredAt.toISOString() }),
});

/** Only ever answered to the order's owner and to administrators: it carries the shipping address. */
export const orderJson = (o: Order) => ({
  id: o.id,
  status: o.status,
  items: o.items.map((i) => ({ productId: i.productId, name: i.name, unitAmount: i.unitAmount, quantity: i.quantity })),
  subtotalAmount: o.breakdown.subtotal,
  shippingAmount: o.breakdown.shipping,
  discountAmount: o.breakdown.discount,
  taxAmount: o.breakdown.tax,
  totalAmount: o.total.amount,
  amount: toMajorUnits(o.total),
  currency: o.total.currency,
  shippingOption: o.shipping?.chosen ? { id: o.shipping.chosen.optionId, name: o.shipping.chosen.name, unitAmount: o.shipping.chosen.amount } : null,
  shippingAddress: o.shipping?.address ? addressJson(o.shipping.address) : null,
  ...(o.shipping && o.status === 'pending' && !o.shipping.chosen && { shippingOptions: o.shipping.offered.map(rateJson) }),
  fulfillment: fulfillmentJson(o.fulfillment),
  ...(o.checkout && o.status === 'pending' && { checkoutUrl: o.checkout.url }),
  ...(o.paymentIssue && { paymentIssue: o.paymentIssue }),
  ...(o.refund && { refundStatus: o.refund.status }),
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
  ...(o.completedAt && { completedAt: o.completedAt.toISOString() }),
});

export const orderEventJson = (e: OrderEvent) => ({
  id: e.id, type: e.type, from: e.from, to: e.to, at: e.at.toISOString(), actor: { kind: e.actor.kind, id: e.actor.id },
  ...(e.fulfillment && { fulfillment: { ...e.fulfillment } }),
});

export const adminOrderJson = ({ order, customer }: AdminOrder) => ({
  ...orderJson(order),
  customer: { id: customer.id, email: customer.email },
  ...(order.paymentId && { paymentId: order.paymentId }),
  ...(order.refund && { refund: { id: order.refund.id, status: order.refund.status, restock: order.refund.restock } }),
});
