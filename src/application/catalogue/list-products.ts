import type { Product } from '../../domain/product.js';
import { type Page, type PageRequest, paginate } from '../shared/pagination.js';
import type { Products } from '../ports/index.js';

export class ListProducts {
  constructor(private readonly products: Products) {}

  /** Active products, newest first. */
  execute(request: PageRequest & { category?: string }): Promise<Page<Product>> {
    return paginate('products', request, (page) =>
      this.products.list({ ...page, activeOnly: true, ...(request.category && { category: request.category }) }),
    );
  }
}
