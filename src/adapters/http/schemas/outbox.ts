import { z } from 'zod';
import { MESSAGE_KINDS } from '../../../domain/messages.js';
import { Id, PageQuery, Timestamp } from './common.js';

const OutboxStatus = z.enum(['pending', 'sent', 'dead'])
  .meta({ description: '`pending`: waiting for its (next) attempt; `sent`: accepted by the mail server; `dead`: given up on, see `lastError`' });

export const OutboxQuery = PageQuery.extend({
  status: OutboxStatus.optional().meta({ description: 'Only messages in this state' }),
});

export const OutboxMessageJson = z.object({
  id: Id.meta({ description: "The message's id; its email's Message-ID is `<id@sender's domain>`, the same on every attempt" }),
  kind: z.enum(MESSAGE_KINDS as [string, ...string[]]),
  subject: z.string().meta({ description: 'What it is about: an order id, a product id, a user id' }),
  version: z.string().meta({ description: 'Which occurrence (the order event id that caused it, …): one message per (kind, subject, version)' }),
  to: z.string().meta({ description: 'The recipient address' }),
  status: OutboxStatus,
  attempts: z.number().int().meta({ description: 'Failed attempts so far' }),
  nextAttemptAt: Timestamp.optional().meta({ description: 'When it is tried next (pending only)' }),
  lastError: z.string().optional().meta({ description: 'Why the last attempt failed' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  sentAt: Timestamp.optional(),
}).meta({ id: 'OutboxMessage', description: "A message in the outbox; what it says is not shown (it may carry a reset link)" });

export const OutboxMessageListJson = z.array(OutboxMessageJson).meta({ id: 'OutboxMessageList' });
