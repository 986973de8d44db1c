import { ProductNotFound } from '../domain/errors.js';
import { fromMajorUnits, money } from '../domain/money.js';
import type { Product } from '../domain/product.js';
import { type Actor, requireAdmin } from './actor.js';
import { type Page, type PageRequest, paginate } from './pagination.js';
import type { Clock, Ids, Products } from './ports/index.js';

export class ListProducts {
  constructor(private readonly products: Products) {}

  /** Active products, newest first. */
  execute(request: PageRequest & { category?: string }): Promise<Page<Product>> {
    return paginate(request, (page) =>
      this.products.list({ ...page, activeOnly: true, ...(request.category && { category: request.category }) }),
    );
  }
}

export class GetProduct {
  constructor(private readonly products: Products) {}

  /** Inactive products are as absent as missing ones. */
  async execute(id: string): Promise<Product> {
    const product = await this.products.byId(id);
    if (!product || !product.active) throw new ProductNotFound();
    return product;
  }
}

export type CreateProductInput = Readonly<{
  name: string;
  description: string;
  category?: string | null;
  currency: string;
  /** Exactly one of the two: minor units, or a decimal in major units (the seed's `price`). */
  unitAmount?: number;
  price?: number | string;
}>;

export class CreateProduct {
  constructor(
    private readonly products: Products,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: CreateProductInput): Promise<Product> {
    requireAdmin(actor);
    const currency = input.currency.toLowerCase();
    const price =
      input.unitAmount !== undefined ? money(input.unitAmount, currency) : fromMajorUnits(input.price ?? '', currency);
    const product: Product = {
      id: this.ids.next(),
      name: input.name.trim(),
      description: input.description.trim(),
      category: input.category?.trim() || null,
      price,
      active: true,
      createdAt: this.clock.now(),
    };
    await this.products.add(product);
    return product;
  }
}
