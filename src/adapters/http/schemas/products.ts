import { z } from 'zod';
import { MAX_IMAGE_URL_LENGTH, MAX_STOCK } from '../../../domain/product.js';
import { Currency, Id, PageQuery, Timestamp, storedText } from './common.js';

// HTTP-only caps against abuse (the domain states no rule for these fields).
const MAX_CATEGORY_LENGTH = 50;

export const ProductQuery = PageQuery.extend({
  category: z.string().min(1).max(MAX_CATEGORY_LENGTH).optional().meta({ description: 'Only products in this category' }),
});

export const AdminProductQuery = PageQuery.extend({
  status: z.enum(['active', 'archived', 'all']).default('active')
    .meta({ description: 'Which products: for sale (default), archived, or both' }),
});

const Name = storedText(z.string()).trim().min(1).max(200).meta({ example: 'Espresso cup' });
const Description = storedText(z.string(), { multiline: true }).max(2000);
const Category = storedText(z.string()).trim().min(1).max(MAX_CATEGORY_LENGTH).nullable().meta({ example: 'kitchen' });
const Price = z.union([z.number().nonnegative(), z.string().regex(/^\d{1,20}(\.\d{1,20})?$/, 'Must be a decimal number of major units (10.99).')])
  .meta({ description: 'Price in major units, exactly representable (10.99). Give this or unitAmount.', example: 10.99 });
const UnitAmount = z.number().int().nonnegative()
  .meta({ description: 'Price in minor units (1099 = 10.99). Give this or price.', example: 1099 });
const Stock = z.number().int().min(0).max(MAX_STOCK).nullable()
  .meta({ description: `Units available to sell, 0–${MAX_STOCK}; null: not tracked`, example: 25 });
const ImageUrl = storedText(z.url({ protocol: /^https$/ })).max(MAX_IMAGE_URL_LENGTH).meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]://' }).nullable()
  .meta({ description: `An https URL of the product's picture (at most ${MAX_IMAGE_URL_LENGTH} characters); shown at checkout`, example: 'https://images.example.com/cup.jpg' });

const Shippable = z.boolean().meta({ description: 'Sent to the customer (default true); an order with no shippable line asks for no address' });

export const CreateProductBody = z.strictObject({
  name: Name,
  description: Description.default(''),
  category: Category.optional(),
  price: Price.optional(),
  unitAmount: UnitAmount.optional(),
  currency: Currency.default('usd'),
  stock: Stock.optional(),
  imageUrl: ImageUrl.optional(),
  shippable: Shippable.optional(),
}).refine((b) => (b.price === undefined) !== (b.unitAmount === undefined), {
  message: 'Give exactly one of price (major units) or unitAmount (minor units).',
  path: ['unitAmount'],
}).meta({ id: 'CreateProductRequest' });

export const UpdateProductBody = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  category: Category.optional(),
  price: Price.optional(),
  unitAmount: UnitAmount.optional(),
  currency: Currency.optional(),
  stock: Stock.optional(),
  imageUrl: ImageUrl.optional(),
  shippable: Shippable.optional(),
  active: z.boolean().optional().meta({ description: 'false archives the product, true puts it back on sale' }),
}).refine((b) => Object.values(b).some((v) => v !== undefined), {
  message: 'Give at least one field to change.',
}).refine((b) => b.price === undefined || b.unitAmount === undefined, {
  message: 'Give at most one of price (major units) or unitAmount (minor units).',
  path: ['unitAmount'],
}).meta({ id: 'UpdateProductRequest', description: 'Only the fields given change. Orders already placed keep their snapshot.' });

export const ProductJson = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  category: z.string().nullable(),
  unitAmount: z.number().int().meta({ description: 'Price in minor units' }),
  price: z.number().meta({ description: 'Price in major units (display only; use unitAmount for arithmetic)' }),
  currency: z.string(),
  active: z.boolean(),
  inStock: z.boolean().meta({ description: 'Whether it can be ordered now (always true when stock is not tracked)' }),
  imageUrl: z.string().nullable().meta({ description: 'A picture of the product (https), or null' }),
  shippable: z.boolean().meta({ description: 'Sent to the customer: orders with a shippable line get a shipping step when the shop has shipping options' }),
  createdAt: Timestamp,
}).meta({ id: 'Product' });

export const AdminProductJson = ProductJson.extend({
  stock: z.number().int().nullable().meta({ description: 'Units available now (reserved ones excluded); null: not tracked' }),
}).meta({ id: 'AdminProduct', description: "A product as administrators see it: with its stock" });

export const ProductListJson = z.array(ProductJson).meta({ id: 'ProductList' });
export const AdminProductListJson = z.array(AdminProductJson).meta({ id: 'AdminProductList' });
