import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../application/shared/pagination.js';
import { ID_PATTERN } from '../../../domain/id.js';
import { textProblem } from '../../../domain/text.js';

export const Id = z.string().regex(ID_PATTERN, 'Must be an id: 24 lowercase hex characters.').meta({ description: '24 lowercase hex characters', example: '6650f1c2a1b2c3d4e5f60718' });
export const Currency = z.string().regex(/^[a-zA-Z]{3}$/, 'Must be a three-letter ISO 4217 code (usd).').meta({ description: 'ISO 4217 code', example: 'usd' });
/**
 * Every text field that is stored: refuses unpaired surrogates, control characters and bidi
 * overrides (`textProblem`). `multiline` keeps tab and line breaks (a description).
 */
export const storedText = <S extends z.ZodType<string>>(schema: S, options: Readonly<{ multiline?: boolean }> = {}): S =>
  schema.check(z.superRefine((value: string, ctx) => {
    const problem = textProblem(value, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }));
export const Timestamp = z.iso.datetime().meta({ description: 'RFC 3339 date-time, UTC', example: '2026-11-27T10:00:00.000Z' });

const PAGE_SIZE_RULE = `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.`;

/**
 * An integer query parameter, documented as one: digits only (not `1e1`, ` 7` or `0x10`), and a
 * single value (Koa hands `?limit=1&limit=2` over as an array, which is refused).
 */
const queryInteger = (min: number, max: number, rule: string) =>
  z.preprocess((v) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v),
    z.number({ error: rule }).int({ error: rule }).min(min, { error: rule }).max(max, { error: rule }));

export const PageQuery = z.strictObject({
  limit: queryInteger(1, MAX_PAGE_SIZE, PAGE_SIZE_RULE).optional()
    .meta({ description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`, example: DEFAULT_PAGE_SIZE }),
  cursor: z.string().max(200).optional()
    .meta({ description: 'Opaque cursor from the previous page\'s `Link: rel="next"` header' }),
});

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().meta({ description: 'Machine-readable error code', example: 'VALIDATION_FAILED' }),
  instance: z.string().optional(),
  errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional()
    .meta({ description: 'Per-field problems, for VALIDATION_FAILED' }),
  productId: z.string().optional().meta({ description: 'For OUT_OF_STOCK: the product that cannot be covered' }),
  available: z.number().int().optional().meta({ description: 'For OUT_OF_STOCK: the units of that product available' }),
}).meta({ id: 'Problem', description: 'RFC 9457 problem details' });
