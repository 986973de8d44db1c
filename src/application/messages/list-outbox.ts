import { type Actor, requireAdmin } from '../shared/actor.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { Outbox, OutboxRecord, OutboxStatus, Users } from '../ports/index.js';

/** The outbox for administrators: every message or those of one status, newest first. */
export class ListOutbox {
  constructor(
    private readonly users: Users,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, status: OutboxStatus | null, request: PageRequest): Promise<Page<OutboxRecord>> {
    await requireAdmin(this.users, actor);
    return paginate('outbox', request, (query) => this.outbox.list(status, query));
  }
}
