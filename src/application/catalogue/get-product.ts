import { ProductNotFound } from '../../domain/errors.js';
import type { Product } from '../../domain/product.js';
import type { Products } from '../ports/index.js';

export class GetProduct {
  constructor(private readonly products: Products) {}

  /** Inactive products are as absent as missing ones. */
  async execute(id: string): Promise<Product> {
    const product = await this.products.byId(id);
    if (!product || !product.active) throw new ProductNotFound();
    return product;
  }
}
