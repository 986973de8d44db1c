import { InvalidInput } from '../../domain/errors.js';
import { MAX_ACTIVE_OPTIONS, type ShippingOption, checkShippingOption } from '../../domain/shipping.js';
import { type Actor, requireAdmin } from '../shared/actor.js';
import type { Clock, Ids, ShippingOptions, Users } from '../ports/index.js';
import { type ShippingPriceInput, shippingPrice } from './shipping-price.js';

export type CreateShippingOptionInput = ShippingPriceInput & Readonly<{
  name: string;
  countries: readonly string[];
  freeOverAmount?: number | null;
  minDays?: number | null;
  maxDays?: number | null;
}>;

export class CreateShippingOption {
  constructor(
    private readonly users: Users,
    private readonly options: ShippingOptions,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  /** Refuses country codes that are not ISO 3166-1 alpha-2 or where no address can be collected at checkout. */
  async execute(actor: Actor, input: CreateShippingOptionInput): Promise<ShippingOption> {
    await requireAdmin(this.users, actor);
    const option = checkShippingOption({
      id: this.ids.next(),
      name: input.name,
      price: shippingPrice(input),
      countries: input.countries,
      freeOverAmount: input.freeOverAmount ?? null,
      minDays: input.minDays ?? null,
      maxDays: input.maxDays ?? null,
      active: true,
      createdAt: this.clock.now(),
    });
    await assertRoomFor(this.options, option.price.currency);
    await this.options.add(option);
    return option;
  }
}

/** An order reads every active option of its currency, so their number is bounded. */
export async function assertRoomFor(options: ShippingOptions, currency: string): Promise<void> {
  if ((await options.active(currency, MAX_ACTIVE_OPTIONS)).length >= MAX_ACTIVE_OPTIONS) {
    throw new InvalidInput(`A shop has at most ${MAX_ACTIVE_OPTIONS} active shipping options per currency; archive one first.`);
  }
}
