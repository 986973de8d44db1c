import { z } from 'zod';
import type { CreateProduct } from '../../../application/create-product.js';
import type { GetProduct } from '../../../application/get-product.js';
import type { ListProducts } from '../../../application/list-products.js';
import { ProductNotFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/id.js';
import { defineEndpoint } from '../endpoint.js';
import { productJson } from '../presenters.js';
import { CreateProductBody, ProductJson, ProductListJson, ProductQuery } from '../schemas/products.js';
import { pageSize, setNextLink } from './link.js';

export type ProductUseCases = Readonly<{ listProducts: ListProducts; getProduct: GetProduct; createProduct: CreateProduct }>;

const IdParam = z.object({ id: z.string().meta({ description: 'Product id' }) });

export const productEndpoints = (uc: ProductUseCases, appUrl: string) => [
  defineEndpoint({
    method: 'get', path: '/products', operationId: 'listProducts', tag: 'Products', auth: 'public',
    summary: 'Active products, newest first',
    query: ProductQuery,
    responses: {
      200: {
        description: 'A page of products',
        schema: ProductListJson,
        headers: { Link: 'RFC 8288 link to the next page (rel="next"), present when more exist' },
      },
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
    responses: { 200: { description: 'The product', schema: ProductJson } },
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
      201: { description: 'Created', schema: ProductJson, headers: { Location: 'URL of the new product' } },
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
      });
      ctx.status = 201;
      ctx.set('Location', `/api/products/${product.id}`);
      ctx.body = productJson(product);
    },
  }),
];
