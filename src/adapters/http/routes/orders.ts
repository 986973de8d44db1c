import { z } from 'zod';
import type { CancelOrder } from '../../../application/orders/cancel-order.js';
import type { CreateOrder } from '../../../application/orders/create-order.js';
import type { GetOrder } from '../../../application/orders/get-order.js';
import type { ListOrders } from '../../../application/orders/list-orders.js';
import { OrderNotFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/id.js';
import { defineEndpoint } from '../endpoint.js';
import { orderRules } from '../throttle-rules.js';
import { orderJson } from '../presenters.js';
import { CreateOrderBody, CreatedOrderJson, OrderJson, OrderListJson, OrderQuery } from '../schemas/orders.js';
import { pageSize, setNextLink } from './link.js';

export type OrderUseCases = Readonly<{ createOrder: CreateOrder; listOrders: ListOrders; getOrder: GetOrder; cancelOrder: CancelOrder }>;

const IdParam = z.object({ id: z.string().meta({ description: 'Order id' }) });

export const orderEndpoints = (uc: OrderUseCases, appUrl: string) => [
  defineEndpoint({
    method: 'post', path: '/orders', operationId: 'createOrder', tag: 'Orders', auth: 'user',
    summary: 'Place an order and start its checkout',
    description: 'Prices come from the catalogue. Pay at the returned `checkoutUrl`; the order completes when the payment provider reports the payment. '
      + 'Tracked stock is reserved for every line, all or none: 409 `OUT_OF_STOCK` names the product and the units `available`. '
      + 'The reservation is given back when the order fails or expires. '
      + 'An unknown or inactive product answers 422 `PRODUCT_UNAVAILABLE`; lines priced in different currencies, 422 `MIXED_CURRENCIES` (one order, one currency). '
      + 'An order with a shippable line, in a currency the shop has shipping options in, gets a shipping step: `shippingOptionId` chooses one now, '
      + '`shippingCountry` narrows what is offered; otherwise the customer picks one of at most 5 (cheapest first) at checkout, and `shippingAmount` is `null` until then. '
      + 'An option not offered in the order\'s currency, or a country no option serves, answers 422 `SHIPPING_UNAVAILABLE`.',
    body: CreateOrderBody,
    responses: {
      201: { description: 'Order placed (pending)', schema: CreatedOrderJson, headers: { Location: 'URL of the new order' } },
    },
    problems: [400, 401, 409, 413, 415, 422, 429, 502, 503],
    requestHeaders: { 'Idempotency-Key': { description: 'Makes retries safe: the same key and body replay the first response (kept 25 h, per user); another body with the same key answers 422; one still running, 409. 1–255 printable ASCII characters, no spaces.' } },
    idempotent: true,
    throttle: (_, { actor }) => orderRules(actor!.userId),
    async handle(ctx, { body, actor, result }) {
      const items = 'items' in body ? body.items : [{ productId: body.productId, quantity: body.quantity }];
      const { order, checkoutUrl } = await uc.createOrder.execute(actor!, {
        items,
        ...(body.shippingOptionId !== undefined && { shippingOptionId: body.shippingOptionId }),
        ...(body.shippingCountry !== undefined && { shippingCountry: body.shippingCountry }),
      }, result);
      ctx.status = 201;
      ctx.set('Location', `/api/orders/${order.id}`);
      ctx.body = { order: orderJson(order), checkoutUrl };
    },
  }),
  defineEndpoint({
    method: 'get', path: '/orders', operationId: 'listOrders', tag: 'Orders', auth: 'user',
    summary: "The caller's orders, newest first",
    description: 'Filter by `status`. Only the caller\'s own orders, whatever the query says.',
    query: OrderQuery,
    responses: {
      200: { description: 'A page of orders', schema: OrderListJson, headers: { Link: 'Next page (rel="next"), when more exist' } },
    },
    problems: [400, 401],
    async handle(ctx, { query, actor }) {
      const page = await uc.listOrders.execute(actor!, {
        limit: pageSize(query.limit),
        ...(query.cursor !== undefined && { cursor: query.cursor }),
        ...(query.status !== undefined && { status: query.status }),
      });
      setNextLink(ctx, appUrl, page.nextCursor);
      ctx.body = page.items.map(orderJson);
    },
  }),
  defineEndpoint({
    method: 'get', path: '/orders/:id', operationId: 'getOrder', tag: 'Orders', auth: 'user',
    summary: 'One of the caller\'s orders',
    description: "Another customer's order answers 404, exactly like a missing one.",
    params: IdParam,
    responses: { 200: { description: 'The order', schema: OrderJson } },
    problems: [401, 404],
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new OrderNotFound();
      ctx.body = orderJson(await uc.getOrder.execute(actor!, params.id));
    },
  }),
  defineEndpoint({
    method: 'post', path: '/orders/:id/cancel', operationId: 'cancelOrder', tag: 'Orders', auth: 'user',
    summary: 'Cancel one of the caller\'s pending orders',
    description: 'Closes the checkout first, so the order can no longer be paid, then marks it `cancelled` and gives its stock back. '
      + 'If the checkout was paid meanwhile, the payment is applied and the answer is 409 `ORDER_NOT_CANCELLABLE`; completed, failed and expired orders answer 409 too. '
      + 'Cancelling a cancelled order answers it again. Another customer\'s order answers 404.',
    params: IdParam,
    responses: { 200: { description: 'The cancelled order', schema: OrderJson } },
    problems: [400, 401, 404, 409, 413, 415, 422, 502, 503],
    requestHeaders: { 'Idempotency-Key': { description: 'Makes retries safe, as for placing an order.' } },
    idempotent: true,
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new OrderNotFound();
      ctx.body = orderJson(await uc.cancelOrder.execute(actor!, params.id));
    },
  }),
];
