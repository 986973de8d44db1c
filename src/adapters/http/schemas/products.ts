import { z } from 'zod';
import { Currency, Id, PageQuery, Timestamp } from './common.js';

export const ProductQuery = PageQuery.extend({
  category: z.string().min(1).max(50).optional().meta({ description: 'Only products in this category' }),
});

export const CreateProductBody = z.strictObject({
  name: z.string().trim().min(1).max(200).meta({ example: 'Espresso cup' }),
  description: z.string().max(2000).default(''),
  category: z.string().trim().min(1).max(50).nullable().optional().meta({ example: 'kitchen' }),
  price: z.union([z.number().nonnegative(), z.string().regex(/^\d{1,9}(\.\d{1,9})?$/)]).optional()
    .meta({ description: 'Price in major units, exactly representable (10.99). Give this or unitAmount.', example: 10.99 }),
  unitAmount: z.number().int().nonnegative().optional()
    .meta({ description: 'Price in minor units (1099 = 10.99). Give this or price.', example: 1099 }),
  currency: Currency.default('usd'),
}).refine((b) => (b.price === undefined) !== (b.unitAmount === undefined), {
  message: 'Give exactly one of price (major units) or unitAmount (minor units).',
  path: ['unitAmount'],
}).meta({ id: 'CreateProductRequest' });

export const ProductJson = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  category: z.string().nullable(),
  unitAmount: z.number().int().meta({ description: 'Price in minor units' }),
  price: z.number().meta({ description: 'Price in major units (display only; use unitAmount for arithmetic)' }),
  currency: z.string(),
  active: z.boolean(),
  createdAt: Timestamp,
}).meta({ id: 'Product' });

export const ProductListJson = z.array(ProductJson).meta({ id: 'ProductList' });
