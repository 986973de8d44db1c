import type { ShippingOption } from '../../domain/shipping.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { ShippingOptions, Users } from '../ports/index.js';

export class ListShippingOptionsForAdmin {
  constructor(
    private readonly users: Users,
    private readonly options: ShippingOptions,
  ) {}

  /** Newest first; archived ones when asked. */
  async execute(actor: Actor, request: PageRequest & { status: 'active' | 'archived' | 'all' }): Promise<Page<ShippingOption>> {
    await requireAdmin(this.users, actor);
    return paginate(`shipping-options-${request.status}`, request, (page) => this.options.list({ ...page, status: request.status }));
  }
}
