import { z } from 'zod';
import { MAX_DELIVERY_DAYS, MAX_OPTION_NAME_LENGTH } from '../../../domain/shipping.js';
import { Currency, Id, PageQuery, Timestamp } from './common.js';

/** Shape only; `src/domain/countries.ts` decides which codes are countries the shop can ship to. */
export const CountryCode = z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 alpha-2 country code')
  .meta({ description: 'ISO 3166-1 alpha-2 country code', example: 'DE' });

const Name = z.string().trim().min(1).max(MAX_OPTION_NAME_LENGTH).meta({ example: 'Standard' });
const Countries = z.array(CountryCode).min(1).max(300)
  .meta({ description: 'ISO 3166-1 alpha-2 codes it ships to (no wildcard); codes where checkout cannot collect an address are refused', example: ['DE', 'FR', 'NL'] });
const Price = z.union([z.number().nonnegative(), z.string().regex(/^\d{1,9}(\.\d{1,9})?$/)])
  .meta({ description: 'Price in major units, exactly representable (4.99); 0 is free. Give this or unitAmount.', example: 4.99 });
const UnitAmount = z.number().int().nonnegative().meta({ description: 'Price in minor units (499 = 4.99); 0 is free. Give this or price.', example: 499 });
const FreeOver = z.number().int().nonnegative().nullable()
  .meta({ description: 'Free when the order\'s subtotal is at least this, in minor units (decided by the server); null: never free', example: 5000 });
const Days = z.number().int().min(1).max(MAX_DELIVERY_DAYS).nullable().meta({ description: 'Business days', example: 2 });

export const CreateShippingOptionBody = z.strictObject({
  name: Name,
  price: Price.optional(),
  unitAmount: UnitAmount.optional(),
  currency: Currency,
  countries: Countries,
  freeOverAmount: FreeOver.optional(),
  minDays: Days.optional(),
  maxDays: Days.optional(),
}).refine((b) => (b.price === undefined) !== (b.unitAmount === undefined), {
  message: 'Give exactly one of price (major units) or unitAmount (minor units).',
  path: ['unitAmount'],
}).meta({ id: 'CreateShippingOptionRequest' });

export const UpdateShippingOptionBody = z.strictObject({
  name: Name.optional(),
  price: Price.optional(),
  unitAmount: UnitAmount.optional(),
  countries: Countries.optional(),
  freeOverAmount: FreeOver.optional(),
  minDays: Days.optional(),
  maxDays: Days.optional(),
  active: z.boolean().optional().meta({ description: 'false archives the option, true offers it again' }),
}).refine((b) => Object.values(b).some((v) => v !== undefined), {
  message: 'Give at least one field to change.',
}).refine((b) => b.price === undefined || b.unitAmount === undefined, {
  message: 'Give at most one of price (major units) or unitAmount (minor units).',
  path: ['unitAmount'],
}).meta({ id: 'UpdateShippingOptionRequest', description: 'Only the fields given change; the currency is fixed. Orders already placed keep what they were offered.' });

export const ShippingOptionJson = z.object({
  id: Id,
  name: z.string(),
  unitAmount: z.number().int().meta({ description: 'Price in minor units, before any free threshold' }),
  price: z.number().meta({ description: 'Price in major units (display only)' }),
  currency: z.string(),
  countries: z.array(z.string()),
  freeOverAmount: z.number().int().nullable(),
  minDays: z.number().int().nullable(),
  maxDays: z.number().int().nullable(),
  active: z.boolean(),
  createdAt: Timestamp,
}).meta({ id: 'ShippingOption' });
export const ShippingOptionListJson = z.array(ShippingOptionJson).meta({ id: 'ShippingOptionList' });

export const ShippingOptionQuery = z.strictObject({
  currency: Currency.meta({ description: 'Only options priced in this currency (the order\'s)' }),
});

export const AdminShippingOptionQuery = PageQuery.extend({
  status: z.enum(['active', 'archived', 'all']).default('active').meta({ description: 'Which options: on offer (default), archived, or both' }),
});

/** One option as offered to an order, with its price for that order. */
export const ShippingRateJson = z.object({
  id: Id.meta({ description: 'The shipping option' }),
  name: z.string(),
  unitAmount: z.number().int().meta({ description: 'What it costs on this order, in minor units (0 over a free threshold)' }),
  minDays: z.number().int().nullable(),
  maxDays: z.number().int().nullable(),
}).meta({ id: 'ShippingRate' });

export const ShippingAddressJson = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  postalCode: z.string().nullable(),
  state: z.string().nullable(),
  country: z.string().meta({ description: 'ISO 3166-1 alpha-2' }),
  phone: z.string().nullable(),
}).meta({ id: 'ShippingAddress', description: 'Personal data: shown only to the order\'s owner and administrators, never logged' });
