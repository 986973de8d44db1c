import { z } from 'zod';

export const HealthJson = z.object({
  status: z.enum(['ok', 'ready', 'not ready']),
}).meta({ id: 'Health' });

export const WebhookAck = z.object({ received: z.literal(true) }).meta({ id: 'WebhookAck' });
