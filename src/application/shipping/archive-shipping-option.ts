import { ShippingOptionNotFound } from '../../domain/errors.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { ShippingOptions, Users } from '../ports/index.js';

/** No longer offered to new orders; never deleted, since orders name it. Idempotent. Orders placed already keep their offer. */
export class ArchiveShippingOption {
  constructor(
    private readonly users: Users,
    private readonly options: ShippingOptions,
  ) {}

  async execute(actor: Actor, id: string): Promise<void> {
    await requireAdmin(this.users, actor);
    const option = await this.options.byId(id);
    if (!option) throw new ShippingOptionNotFound();
    if (option.active) await this.options.update(id, { active: false });
  }
}
