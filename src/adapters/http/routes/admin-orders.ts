import { z } from 'zod';
import type { GetAnyOrder } from '../../../application/orders/get-any-order.js';
import type { GetOrderHistory } from '../../../application/orders/get-order-history.js';
import type { ListAllOrders } from '../../../application/orders/list-all-orders.js';
import type { ListOrdersToShip } from '../../../application/orders/list-orders-to-ship.js';
import type { MarkDelivered } from '../../../application/orders/mark-delivered.js';
import type { ShipOrder } from '../../../application/orders/ship-order.js';
import type { RefundOrder } from '../../../application/payments/refund-order.js';
import { OrderNotFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/id.js';
import { defineEndpoint } from '../endpoint.js';
import { adminOrderJson, orderEventJson, orderJson } from '../presenters.js';
import { AdminOrderJson, AdminOrderListJson, AdminOrderQuery, OrderEventListJson, OrderJson, RefundOrderBody, ShipmentBody } from '../schemas/orders.js';
import { pageSize, setNextLink } from './link.js';

export type AdminOrderUseCases = Readonly<{
  listAllOrders: ListAllOrders; listOrdersToShip: ListOrdersToShip; getAnyOrder: GetAnyOrder; getOrderHistory: GetOrderHistory; refundOrder: RefundOrder;
  shipOrder: ShipOrder; markDelivered: MarkDelivered;
}>;

const IdParam = z.object({ id: z.string().meta({ description: 'Order id' }) });

export const adminOrderEndpoints = (uc: AdminOrderUseCases, appUrl: string) => [
  defineEndpoint({
    method: 'get', path: '/admin/orders', operationId: 'listAllOrders', tag: 'Administration', auth: 'admin',
    summary: "Every customer's orders, newest first (admins only)",
    description: 'Each with the id and email of the customer who placed it. Filter by `status` and/or `userId`. '
      + '`fulfillment=unfulfilled` instead lists the to-ship queue: completed orders that still need shipping, oldest first.',
    query: AdminOrderQuery,
    responses: {
      200: { description: 'A page of orders', schema: AdminOrderListJson, headers: { Link: 'Next page (rel="next"), when more exist' } },
    },
    problems: [400, 401, 403],
    async handle(ctx, { query, actor }) {
      const request = { limit: pageSize(query.limit), ...(query.cursor !== undefined && { cursor: query.cursor }) };
      const page = query.fulfillment === 'unfulfilled'
        ? await uc.listOrdersToShip.execute(actor!, request)
        : await uc.listAllOrders.execute(
          actor!,
          { ...(query.status !== undefined && { status: query.status }), ...(query.userId !== undefined && { userId: query.userId }) },
          request,
        );
      setNextLink(ctx, appUrl, page.nextCursor);
      ctx.body = page.items.map(adminOrderJson);
    },
  }),
  defineEndpoint({
    method: 'get', path: '/admin/orders/:id', operationId: 'getAnyOrder', tag: 'Administration', auth: 'admin',
    summary: 'Any order, with its customer (admins only)',
    params: IdParam,
    responses: { 200: { description: 'The order', schema: AdminOrderJson } },
    problems: [401, 403, 404],
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new OrderNotFound();
      ctx.body = adminOrderJson(await uc.getAnyOrder.execute(actor!, params.id));
    },
  }),
  defineEndpoint({
    method: 'get', path: '/admin/orders/:id/events', operationId: 'getOrderHistory', tag: 'Administration', auth: 'admin',
    summary: "An order's history: each move, when and who caused it (admins only)",
    description: 'Oldest first. A move appears once it is stored, whether or not its side effects have run yet.',
    params: IdParam,
    responses: { 200: { description: 'The events', schema: OrderEventListJson } },
    problems: [401, 403, 404],
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new OrderNotFound();
      ctx.body = (await uc.getOrderHistory.execute(actor!, params.id)).map(orderEventJson);
    },
  }),
  defineEndpoint({
    method: 'post', path: '/admin/orders/:id/refund', operationId: 'refundOrder', tag: 'Administration', auth: 'admin',
    summary: 'Refund a completed order in full (admins only)',
    description: 'Refunds the whole payment through the payment provider. 200: the order is `refunded` (stock given back when `restock` is true). '
      + '202: the provider accepted the refund and reports its end later; the order stays `completed` with `refundStatus: pending` until then. '
      + 'A refund the provider reports as failed answers 502 `REFUND_FAILED` and is recorded in the order\'s `paymentIssue`. '
      + 'Any order but a completed one, or one with a refund under way, answers 409 `ORDER_NOT_REFUNDABLE`.',
    params: IdParam,
    body: RefundOrderBody,
    bodyRequired: false,
    responses: {
      200: { description: 'Refunded', schema: OrderJson },
      202: { description: 'Refund accepted, not finished yet', schema: OrderJson },
    },
    problems: [400, 401, 403, 404, 409, 413, 415, 422, 502, 503],
    requestHeaders: { 'Idempotency-Key': { description: 'Makes retries safe, as for placing an order.' } },
    idempotent: true,
    async handle(ctx, { params, body, actor }) {
      if (!isId(params.id)) throw new OrderNotFound();
      const order = await uc.refundOrder.execute(actor!, params.id, { restock: body.restock ?? false });
      ctx.status = order.status === 'refunded' ? 200 : 202;
      ctx.body = orderJson(order);
    },
  }),
  defineEndpoint({
    method: 'post', path: '/admin/orders/:id/shipment', operationId: 'shipOrder', tag: 'Shipping', auth: 'admin',
    summary: 'Mark a paid order shipped, with its tracking (admins only)',
    description: 'Only a completed order that needs shipping (`fulfillment.status` `unfulfilled`) can be shipped; any other answers 409 `ORDER_NOT_FULFILLABLE`. '
      + 'The same request again answers the same order and records no second shipment; other tracking details on a shipped order replace the stored ones '
      + '(one `tracking-updated` event). Two admins racing, on any instances, make one shipment. The payment `status` never changes; '
      + 'a shipped order can still be refunded. The move is recorded as a `shipped` event (with `notifyCustomer`), which is what tells the customer.',
    params: IdParam,
    body: ShipmentBody,
    bodyRequired: false,
    responses: { 200: { description: 'The order, shipped', schema: AdminOrderJson } },
    problems: [400, 401, 403, 404, 409, 413, 415, 422],
    requestHeaders: { 'Idempotency-Key': { description: 'Makes retries safe, as for placing an order.' } },
    idempotent: true,
    async handle(ctx, { params, body, actor }) {
      if (!isId(params.id)) throw new OrderNotFound();
      const { notifyCustomer, ...details } = body;
      ctx.body = adminOrderJson(await uc.shipOrder.execute(actor!, params.id, details, notifyCustomer ?? true));
    },
  }),
  defineEndpoint({
    method: 'post', path: '/admin/orders/:id/delivered', operationId: 'markDelivered', tag: 'Shipping', auth: 'admin',
    summary: 'Mark a shipped order delivered (admins only)',
    description: 'Idempotent: a delivered order answers as it is. An order not shipped answers 409 `ORDER_NOT_FULFILLABLE`.',
    params: IdParam,
    responses: { 200: { description: 'The order, delivered', schema: AdminOrderJson } },
    problems: [401, 403, 404, 409],
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new OrderNotFound();
      ctx.body = adminOrderJson(await uc.markDelivered.execute(actor!, params.id));
    },
  }),
];
