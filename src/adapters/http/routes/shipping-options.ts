import { z } from 'zod';
import type { ArchiveShippingOption } from '../../../application/shipping/archive-shipping-option.js';
import type { CreateShippingOption } from '../../../application/shipping/create-shipping-option.js';
import type { ListShippingOptionsForAdmin } from '../../../application/shipping/list-shipping-options-for-admin.js';
import type { ListShippingOptions } from '../../../application/shipping/list-shipping-options.js';
import type { UpdateShippingOption } from '../../../application/shipping/update-shipping-option.js';
import { ShippingOptionNotFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/id.js';
import { defineEndpoint } from '../endpoint.js';
import { shippingOptionJson } from '../presenters.js';
import {
  AdminShippingOptionQuery, CreateShippingOptionBody, ShippingOptionJson, ShippingOptionListJson, ShippingOptionQuery, UpdateShippingOptionBody,
} from '../schemas/shipping.js';
import { pageSize, setNextLink } from './link.js';

export type ShippingOptionUseCases = Readonly<{
  listShippingOptions: ListShippingOptions;
  listShippingOptionsForAdmin: ListShippingOptionsForAdmin;
  createShippingOption: CreateShippingOption;
  updateShippingOption: UpdateShippingOption;
  archiveShippingOption: ArchiveShippingOption;
}>;

const IdParam = z.object({ id: z.string().meta({ description: 'Shipping option id' }) });

export const shippingOptionEndpoints = (uc: ShippingOptionUseCases, appUrl: string) => [
  defineEndpoint({
    method: 'get', path: '/shipping-options', operationId: 'listShippingOptions', tag: 'Shipping', auth: 'public',
    summary: 'The shipping options on offer in a currency, cheapest first',
    description: 'For a storefront that shows them before checkout. An order is offered at most 5 of them (those serving its country, when given), '
      + 'each at its price for that order: 0 when the subtotal reaches `freeOverAmount`.',
    query: ShippingOptionQuery,
    responses: { 200: { description: 'The active options', schema: ShippingOptionListJson } },
    problems: [400],
    async handle(ctx, { query }) {
      ctx.body = (await uc.listShippingOptions.execute(query.currency)).map(shippingOptionJson);
    },
  }),
  defineEndpoint({
    method: 'get', path: '/admin/shipping-options', operationId: 'listShippingOptionsForAdmin', tag: 'Shipping', auth: 'admin',
    summary: 'Every shipping option, newest first (admins only)',
    query: AdminShippingOptionQuery,
    responses: {
      200: { description: 'A page of options', schema: ShippingOptionListJson, headers: { Link: 'Next page (rel="next"), when more exist' } },
    },
    problems: [400, 401, 403],
    async handle(ctx, { query, actor }) {
      const page = await uc.listShippingOptionsForAdmin.execute(actor!, {
        limit: pageSize(query.limit), status: query.status, ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      setNextLink(ctx, appUrl, page.nextCursor);
      ctx.body = page.items.map(shippingOptionJson);
    },
  }),
  defineEndpoint({
    method: 'post', path: '/admin/shipping-options', operationId: 'createShippingOption', tag: 'Shipping', auth: 'admin',
    summary: 'Offer a way of shipping (admins only)',
    description: 'Orders with a shippable line, in this currency, are offered it at checkout when it serves the address\'s country. '
      + 'Country codes must be ISO 3166-1 alpha-2, and ones where checkout cannot collect an address (Stripe\'s list) are refused. '
      + 'At most 100 active options per currency.',
    body: CreateShippingOptionBody,
    responses: { 201: { description: 'Created', schema: ShippingOptionJson, headers: { Location: 'URL of the new option' } } },
    problems: [400, 401, 403, 413, 415],
    async handle(ctx, { body, actor }) {
      const option = await uc.createShippingOption.execute(actor!, {
        name: body.name,
        currency: body.currency,
        countries: body.countries,
        ...(body.unitAmount !== undefined && { unitAmount: body.unitAmount }),
        ...(body.price !== undefined && { price: body.price }),
        ...(body.freeOverAmount !== undefined && { freeOverAmount: body.freeOverAmount }),
        ...(body.minDays !== undefined && { minDays: body.minDays }),
        ...(body.maxDays !== undefined && { maxDays: body.maxDays }),
      });
      ctx.status = 201;
      ctx.set('Location', `/api/admin/shipping-options/${option.id}`);
      ctx.body = shippingOptionJson(option);
    },
  }),
  defineEndpoint({
    method: 'patch', path: '/admin/shipping-options/:id', operationId: 'updateShippingOption', tag: 'Shipping', auth: 'admin',
    summary: 'Change a shipping option (admins only)',
    description: 'Only the fields given change, validated as on creation; the currency cannot change (archive the option and add another). '
      + 'Orders already placed keep the option as they were offered it.',
    params: IdParam,
    body: UpdateShippingOptionBody,
    responses: { 200: { description: 'The option as stored now', schema: ShippingOptionJson } },
    problems: [400, 401, 403, 404, 413, 415],
    async handle(ctx, { params, body, actor }) {
      if (!isId(params.id)) throw new ShippingOptionNotFound();
      const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      ctx.body = shippingOptionJson(await uc.updateShippingOption.execute(actor!, params.id, changes));
    },
  }),
  defineEndpoint({
    method: 'delete', path: '/admin/shipping-options/:id', operationId: 'archiveShippingOption', tag: 'Shipping', auth: 'admin',
    summary: 'Archive a shipping option (admins only)',
    description: 'No longer offered to new orders (`active: false`); nothing is deleted, since orders name it. Idempotent.',
    params: IdParam,
    responses: { 204: { description: 'Archived' } },
    problems: [401, 403, 404],
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new ShippingOptionNotFound();
      await uc.archiveShippingOption.execute(actor!, params.id);
      ctx.status = 204;
    },
  }),
];
