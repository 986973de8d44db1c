import type { Product } from '../../domain/product.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { Products, Users } from '../ports/index.js';

export type ProductStatusFilter = 'active' | 'archived' | 'all';

export class ListProductsForAdmin {
  constructor(
    private readonly users: Users,
    private readonly products: Products,
  ) {}

  /** Newest first, archived ones included when asked, with their stock. */
  async execute(actor: Actor, request: PageRequest & { status: ProductStatusFilter }): Promise<Page<Product>> {
    await requireAdmin(this.users, actor);
    return paginate('admin-products', request, (page) =>
      this.products.list({ ...page, activeOnly: request.status === 'active', archivedOnly: request.status === 'archived' }),
    );
  }
}
