import { z } from 'zod';
import { Id, Timestamp } from './common.js';

const Quantity = z.number().int().min(1).max(99).meta({ description: 'Whole number, 1–99' });
const Line = z.strictObject({ productId: Id, quantity: Quantity.default(1) });

export const CreateOrderBody = z.union([
  z.strictObject({ items: z.array(Line).min(1).max(50) }),
  Line,
]).meta({ id: 'CreateOrderRequest', description: '`{items:[…]}`, or the seed\'s single-product form `{productId, quantity?}`' });

export const OrderStatus = z.enum(['pending', 'completed', 'failed', 'expired']);

export const OrderJson = z.object({
  id: Id,
  status: OrderStatus,
  items: z.array(z.object({ productId: Id, name: z.string(), unitAmount: z.number().int(), quantity: z.number().int() })),
  totalAmount: z.number().int().meta({ description: 'Total in minor units' }),
  amount: z.number().meta({ description: 'Total in major units (the seed\'s field; display only)' }),
  currency: z.string(),
  checkoutUrl: z.string().optional(),
  paymentIssue: z.string().optional().meta({ description: 'Why a payment report was not applied' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  completedAt: Timestamp.optional(),
}).meta({ id: 'Order' });

export const OrderListJson = z.array(OrderJson).meta({ id: 'OrderList' });
export const CreatedOrderJson = z.object({ order: OrderJson, checkoutUrl: z.string() }).meta({ id: 'CreatedOrder' });
