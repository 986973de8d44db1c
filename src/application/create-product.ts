import { InvalidMoney } from '../domain/errors.js';
import { fromMajorUnits, money } from '../domain/money.js';
import type { Product } from '../domain/product.js';
import { type Actor, requireAdmin } from './actor.js';
import type { Clock, Ids, Products, Users } from './ports/index.js';

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
    private readonly users: Users,
    private readonly products: Products,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: CreateProductInput): Promise<Product> {
    await requireAdmin(this.users, actor);
    const currency = input.currency.toLowerCase();
    const price =
      input.unitAmount !== undefined ? money(input.unitAmount, currency) : fromMajorUnits(input.price ?? '', currency);
    if (price.amount < 1) throw new InvalidMoney('A product must cost at least one minor unit of its currency.');
    const product: Product = {
      id: this.ids.next(),
      name: input.name.trim(),
      description: input.description.trim(),
      category: input.category?.trim() || null,
      price,
      active: true,
      stock: null,
      imageUrl: null,
      createdAt: this.clock.now(),
    };
    await this.products.add(product);
    return product;
  }
}
