import { z } from 'zod';
import type { ArchiveProduct } from '../../../application/catalogue/archive-product.js';
import type { CreateProduct } from '../../../application/catalogue/create-product.js';
import type { ListProductsForAdmin } from '../../../application/catalogue/list-products-for-admin.js';
import type { UpdateProduct } from '../../../application/catalogue/update-product.js';
import type { GetProduct } from '../../../application/catalogue/get-product.js';
import type { ListProducts } from '../../../application/catalogue/list-products.js';
import { ProductNotFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/id.js';
import { defineEndpoint } from '../endpoint.js';
import { adminProductJson, productJson } from '../presenters.js';
import {
  AdminProductJson, AdminProductListJson, AdminProductQuery, CreateProductBody, ProductJson, ProductListJson, ProductQuery,
  UpdateProductBody,
} from '../schemas/products.js';
import { pageSize, setNextLink } from './link.js';

export type ProductUseCases = Readonly<{
  listProducts: ListProducts;
  getProduct: GetProduct;
  createProduct: CreateProduct;
  updateProduct: UpdateProduct;
  archiveProduct: ArchiveProduct;
  listProductsForAdmin: ListProductsForAdmin;
}>;

/** The public catalogue is served from memory with a strong ETag (see catalogue-cache.ts). */
const CACHED = {
  ETag: 'Strong validator of these bytes; send it back in If-None-Match',
  'Cache-Control': '`no-cache`: may be kept, but revalidate every time',
};
const IF_NONE_MATCH = { description: 'ETags of copies you hold (or `*`); when one is current the answer is 304 with no body.', maxLength: null };
const NOT_MODIFIED = { description: 'Your copy is current (no body)', headers: { ETag: CACHED.ETag, 'Cache-Control': CACHED['Cache-Control'] } };

const IdParam = z.object({ id: z.string().meta({ description: 'Product id' }) });

export const productEndpoints = (uc: ProductUseCases, appUrl: string) => [
  defineEndpoint({
    method: 'get', path: '/products', operationId: 'listProducts', tag: 'Products', auth: 'public',
    summary: 'Active products, newest first',
    query: ProductQuery,
    requestHeaders: { 'If-None-Match': IF_NONE_MATCH },
    responses: {
      200: {
        description: 'A page of products',
        schema: ProductListJson,
        headers: { Link: 'RFC 8288 link to the next page (rel="next"), present when more exist', ...CACHED },
      },
      304: NOT_MODIFIED,
    },
    problems: [400],
    async handle(ctx, { query }) {
      const page = await uc.listProducts.execute({
        limit: pageSize(query.limit),
        ...(query.cursor !== undefined && { cursor: query.cursor }),
        ...(query.category !== undefined && { category: query.category }),
      });
      setNextLink(ctx, appUrl, page.nextCursor);
      ctx.body = page.items.map(productJson);
    },
  }),
  defineEndpoint({
    method: 'get', path: '/products/:id', operationId: 'getProduct', tag: 'Products', auth: 'public',
    summary: 'One active product',
    params: IdParam,
    requestHeaders: { 'If-None-Match': IF_NONE_MATCH },
    responses: { 200: { description: 'The product', schema: ProductJson, headers: CACHED }, 304: NOT_MODIFIED },
    problems: [404],
    async handle(ctx, { params }) {
      if (!isId(params.id)) throw new ProductNotFound();
      ctx.body = productJson(await uc.getProduct.execute(params.id));
    },
  }),
  defineEndpoint({
    method: 'post', path: '/products', operationId: 'createProduct', tag: 'Products', auth: 'admin',
    summary: 'Add a product to the catalogue (admins only)',
    body: CreateProductBody,
    responses: {
      201: { description: 'Created', schema: AdminProductJson, headers: { Location: 'URL of the new product' } },
    },
    problems: [400, 401, 403, 413, 415],
    async handle(ctx, { body, actor }) {
      const product = await uc.createProduct.execute(actor!, {
        name: body.name,
        description: body.description,
        category: body.category ?? null,
        currency: body.currency,
        ...(body.unitAmount !== undefined && { unitAmount: body.unitAmount }),
        ...(body.price !== undefined && { price: body.price }),
        ...(body.stock !== undefined && { stock: body.stock }),
        ...(body.imageUrl !== undefined && { imageUrl: body.imageUrl }),
        ...(body.shippable !== undefined && { shippable: body.shippable }),
      });
      ctx.status = 201;
      ctx.set('Location', `/api/products/${product.id}`);
      ctx.body = adminProductJson(product);
    },
  }),
  defineEndpoint({
    method: 'patch', path: '/products/:id', operationId: 'updateProduct', tag: 'Products', auth: 'admin',
    summary: 'Change a product (admins only)',
    description: 'Only the fields given change, validated as on creation; unknown fields are refused. A new `currency` '
      + 'needs the price in it (`price` or `unitAmount` in the same request): the amount alone means nothing in another currency. Orders already '
      + 'placed keep the name and price they were placed with. `stock` sets the units available now: units reserved '
      + 'by pending orders stay reserved.',
    params: IdParam,
    body: UpdateProductBody,
    responses: { 200: { description: 'The product as stored now', schema: AdminProductJson } },
    problems: [400, 401, 403, 404, 413, 415],
    async handle(ctx, { params, body, actor }) {
      if (!isId(params.id)) throw new ProductNotFound();
      const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      ctx.body = adminProductJson(await uc.updateProduct.execute(actor!, params.id, changes));
    },
  }),
  defineEndpoint({
    method: 'delete', path: '/products/:id', operationId: 'archiveProduct', tag: 'Products', auth: 'admin',
    summary: 'Archive a product (admins only)',
    description: 'Withdraws it from sale (`active: false`); nothing is deleted, since orders refer to it. Idempotent. '
      + 'Archived products are 404 on the public endpoints; `GET /api/admin/products?status=archived` lists them.',
    params: IdParam,
    responses: { 204: { description: 'Archived' } },
    problems: [401, 403, 404],
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new ProductNotFound();
      await uc.archiveProduct.execute(actor!, params.id);
      ctx.status = 204;
    },
  }),
  defineEndpoint({
    method: 'get', path: '/admin/products', operationId: 'listProductsForAdmin', tag: 'Products', auth: 'admin',
    summary: 'Every product, with its stock (admins only)',
    query: AdminProductQuery,
    responses: {
      200: {
        description: 'A page of products, newest first',
        schema: AdminProductListJson,
        headers: { Link: 'RFC 8288 link to the next page (rel="next"), present when more exist' },
      },
    },
    problems: [400, 401, 403],
    async handle(ctx, { query, actor }) {
      const page = await uc.listProductsForAdmin.execute(actor!, {
        limit: pageSize(query.limit),
        status: query.status,
        ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      setNextLink(ctx, appUrl, page.nextCursor);
      ctx.body = page.items.map(adminProductJson);
    },
  }),
];
