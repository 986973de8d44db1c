import { ProductNotFound } from '../../domain/errors.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { Products, Users } from '../ports/index.js';

/**
 * Withdraws a product from sale: never deleted, since orders refer to it. Idempotent. Units
 * reserved by pending orders stay reserved; those orders can still be paid.
 */
export class ArchiveProduct {
  constructor(
    private readonly users: Users,
    private readonly products: Products,
  ) {}

  async execute(actor: Actor, id: string): Promise<void> {
    await requireAdmin(this.users, actor);
    const product = await this.products.byId(id);
    if (!product) throw new ProductNotFound();
    if (product.active) await this.products.update(id, { active: false });
  }
}
