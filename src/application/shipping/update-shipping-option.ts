import { InvalidInput, ShippingOptionNotFound } from '../../domain/errors.js';
import { type ShippingOption, checkShippingOption } from '../../domain/shipping.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { ShippingOptionChanges, ShippingOptions, Users } from '../ports/index.js';
import { assertRoomFor } from './create-shipping-option.js';
import { shippingPrice } from './shipping-price.js';

/** Only what is given changes; `null` clears `freeOverAmount`, `minDays` or `maxDays`. The currency is fixed. */
export type UpdateShippingOptionInput = Readonly<{
  name?: string;
  unitAmount?: number;
  price?: number | string;
  countries?: readonly string[];
  freeOverAmount?: number | null;
  minDays?: number | null;
  maxDays?: number | null;
  active?: boolean;
}>;

/** Orders keep the option as they were offered it (name, price, countries), so nothing here touches them. */
export class UpdateShippingOption {
  constructor(
    private readonly users: Users,
    private readonly options: ShippingOptions,
  ) {}

  async execute(actor: Actor, id: string, input: UpdateShippingOptionInput): Promise<ShippingOption> {
    await requireAdmin(this.users, actor);
    if (Object.values(input).every((v) => v === undefined)) throw new InvalidInput('Give at least one field to change.');
    const current = await this.options.byId(id);
    if (!current) throw new ShippingOptionNotFound();
    const { currency } = current.price;
    const priced = input.unitAmount !== undefined || input.price !== undefined;
    const next = checkShippingOption({
      ...current,
      ...(input.name !== undefined && { name: input.name }),
      ...(priced && { price: shippingPrice({ currency, ...(input.unitAmount !== undefined ? { unitAmount: input.unitAmount } : { price: input.price! }) }) }),
      ...(input.countries !== undefined && { countries: input.countries }),
      ...(input.freeOverAmount !== undefined && { freeOverAmount: input.freeOverAmount }),
      ...(input.minDays !== undefined && { minDays: input.minDays }),
      ...(input.maxDays !== undefined && { maxDays: input.maxDays }),
    });
    if (input.active === true && !current.active) await assertRoomFor(this.options, currency);
    const changes: ShippingOptionChanges = {
      ...(input.name !== undefined && { name: next.name }),
      ...(priced && { price: next.price }),
      ...(input.countries !== undefined && { countries: next.countries }),
      ...(input.freeOverAmount !== undefined && { freeOverAmount: next.freeOverAmount }),
      ...(input.minDays !== undefined && { minDays: next.minDays }),
      ...(input.maxDays !== undefined && { maxDays: next.maxDays }),
      ...(input.active !== undefined && { active: input.active }),
    };
    const updated = await this.options.update(id, changes);
    if (!updated) throw new ShippingOptionNotFound();
    return updated;
  }
}
