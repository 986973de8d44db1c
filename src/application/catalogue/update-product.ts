import { InvalidInput, ProductNotFound } from '../../domain/errors.js';
import { type Product, checkImageUrl, checkStock } from '../../domain/product.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import { productPrice } from './product-price.js';
import type { Clock, ProductChanges, Products, Users } from '../ports/index.js';

/** Only what is given changes. A price is `unitAmount` or `price`; a new `currency` needs one of them. */
export type UpdateProductInput = Readonly<{
  name?: string;
  description?: string;
  category?: string | null;
  currency?: string;
  unitAmount?: number;
  price?: number | string;
  imageUrl?: string | null;
  /** Units available now (reservations already made stay made); `null` stops tracking. */
  stock?: number | null;
  shippable?: boolean;
  active?: boolean;
}>;

/** Orders snapshot name and price when placed, so nothing here touches an existing order. */
export class UpdateProduct {
  constructor(
    private readonly users: Users,
    private readonly products: Products,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, id: string, input: UpdateProductInput): Promise<Product> {
    await requireAdmin(this.users, actor);
    if (Object.values(input).every((v) => v === undefined)) throw new InvalidInput('Give at least one field to change.');
    const product = await this.products.byId(id);
    if (!product) throw new ProductNotFound();
    const newCurrency = input.currency !== undefined && input.currency.toLowerCase() !== product.price.currency;
    if (newCurrency && input.unitAmount === undefined && input.price === undefined) {
      // The amount means nothing in another currency: $12.50 would become ¥1250.
      throw new InvalidInput('A new currency needs the price in it: give price or unitAmount too.', 'currency');
    }
    const changes: ProductChanges = {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.description !== undefined && { description: input.description.trim() }),
      ...(input.category !== undefined && { category: input.category?.trim() || null }),
      ...(input.imageUrl !== undefined && { imageUrl: checkImageUrl(input.imageUrl) }),
      ...(input.shippable !== undefined && { shippable: input.shippable }),
      ...(input.active !== undefined && { active: input.active }),
      ...(this.priceChanged(input) && {
        price: productPrice({
          currency: input.currency ?? product.price.currency,
          ...(input.unitAmount !== undefined || input.price !== undefined
            ? { ...(input.unitAmount !== undefined && { unitAmount: input.unitAmount }), ...(input.price !== undefined && { price: input.price }) }
            : { unitAmount: product.price.amount }), // the currency it already has
        }),
      }),
    };
    const stock = input.stock === undefined ? undefined : checkStock(input.stock);
    let updated = Object.keys(changes).length > 0 ? await this.products.update(id, changes) : product;
    if (stock !== undefined) updated = await this.products.setStock(id, stock, this.clock.now());
    if (!updated) throw new ProductNotFound();
    return updated;
  }

  private priceChanged(input: UpdateProductInput): boolean {
    return input.currency !== undefined || input.unitAmount !== undefined || input.price !== undefined;
  }
}
