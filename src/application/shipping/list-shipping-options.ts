import { MAX_ACTIVE_OPTIONS, type ShippingOption } from '../../domain/shipping.js';
import type { ShippingOptions } from '../ports/index.js';

/** The active options in a currency, cheapest first: what a storefront shows before checkout. */
export class ListShippingOptions {
  constructor(private readonly options: ShippingOptions) {}

  execute(currency: string): Promise<ShippingOption[]> {
    return this.options.active(currency.toLowerCase(), MAX_ACTIVE_OPTIONS);
  }
}
