import { z } from 'zod';
import type { ListOutbox } from '../../../application/messages/list-outbox.js';
import type { RetryMessage } from '../../../application/messages/retry-message.js';
import type { OutboxRecord } from '../../../application/ports/outbox.js';
import { MessageNotFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/id.js';
import { defineEndpoint } from '../endpoint.js';
import { OutboxMessageJson, OutboxMessageListJson, OutboxQuery } from '../schemas/outbox.js';
import { pageSize, setNextLink } from './link.js';

export type AdminOutboxUseCases = Readonly<{ listOutbox: ListOutbox; retryMessage: RetryMessage }>;

const IdParam = z.object({ id: z.string().meta({ description: 'Message id' }) });

export const outboxMessageJson = (r: OutboxRecord) => ({
  id: r.id, kind: r.kind, subject: r.subject, version: r.version, to: r.to, status: r.status, attempts: r.attempts,
  ...(r.nextAttemptAt && { nextAttemptAt: r.nextAttemptAt.toISOString() }),
  ...(r.lastError && { lastError: r.lastError }),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  ...(r.sentAt && { sentAt: r.sentAt.toISOString() }),
});

export const adminOutboxEndpoints = (uc: AdminOutboxUseCases, appUrl: string) => [
  defineEndpoint({
    method: 'get', path: '/admin/outbox', operationId: 'listOutbox', tag: 'Administration', auth: 'admin',
    summary: 'Messages to customers and to the owner, newest first (admins only)',
    description: 'Every message the shop recorded for sending (order confirmations, refunds, alerts to the owner, …) and what became of it. '
      + 'Filter by `status`: `pending` (waiting for an attempt), `sent`, `dead` (given up on after its attempts; retry it with `POST /admin/outbox/{id}/retry`).',
    query: OutboxQuery,
    responses: {
      200: { description: 'A page of messages', schema: OutboxMessageListJson, headers: { Link: 'Next page (rel="next"), when more exist' } },
    },
    problems: [400, 401, 403],
    async handle(ctx, { query, actor }) {
      const page = await uc.listOutbox.execute(actor!, query.status ?? null, { limit: pageSize(query.limit), ...(query.cursor !== undefined && { cursor: query.cursor }) });
      setNextLink(ctx, appUrl, page.nextCursor);
      ctx.body = page.items.map(outboxMessageJson);
    },
  }),
  defineEndpoint({
    method: 'post', path: '/admin/outbox/:id/retry', operationId: 'retryMessage', tag: 'Administration', auth: 'admin',
    summary: 'Send a dead or waiting message again now (admins only)',
    description: 'The message becomes `pending`, due now, with no failed attempts, and delivery starts at once. '
      + 'A message that was sent answers 409 `MESSAGE_ALREADY_SENT`: it is never sent twice this way.',
    params: IdParam,
    responses: { 200: { description: 'The message, pending', schema: OutboxMessageJson } },
    problems: [401, 403, 404, 409],
    async handle(ctx, { params, actor }) {
      if (!isId(params.id)) throw new MessageNotFound();
      ctx.body = outboxMessageJson(await uc.retryMessage.execute(actor!, params.id));
    },
  }),
];
