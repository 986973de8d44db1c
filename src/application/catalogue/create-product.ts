import { type Product, checkImageUrl, checkStock } from '../../domain/product.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import { productPrice } from './product-price.js';
import type { Clock, Ids, Products, Users } from '../ports/index.js';

export type CreateProductInput = Readonly<{
  name: string;
  description: string;
  category?: string | null;
  currency: string;
  /** Exactly one of the two: minor units, or a decimal in major units (the seed's `price`). */
  unitAmount?: number;
  price?: number | string;
  /** Units available; absent or `null`: not tracked. */
  stock?: number | null;
  imageUrl?: string | null;
  /** Default `true`. */
  shippable?: boolean;
}>;

export class CreateProduct {
  constructor(
    private readonly users: Users,
    private readonly products: Products,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: CreateProductInput): Promise<Product> {
    await requireAdmin(this.users, actor);
    const product: Product = {
      id: this.ids.next(),
      name: input.name.trim(),
      description: input.description.trim(),
      category: input.category?.trim() || null,
      price: productPrice(input),
      active: true,
      stock: checkStock(input.stock ?? null),
      imageUrl: checkImageUrl(input.imageUrl ?? null),
      shippable: input.shippable ?? true,
      createdAt: this.clock.now(),
    };
    await this.products.add(product);
    return product;
  }
}
