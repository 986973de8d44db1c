import type { ShippingOptionChanges, ShippingOptionQuery, ShippingOptions } from '../../application/ports/shipping-options.js';
import type { ShippingOption } from '../../domain/shipping.js';
import { Orderings, orderingKey } from './orderings.js';
import { copy } from './page.js';

const keysOf = (o: ShippingOption): string[] => [
  orderingKey(), orderingKey(o.active ? 'active' : 'archived'), ...(o.active ? [orderingKey('active', o.price.currency)] : []),
];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const cheapestFirst = (a: ShippingOption, b: ShippingOption) => a.price.amount - b.price.amount || byText(a.name, b.name) || byText(a.id, b.id);

export class MemoryShippingOptions implements ShippingOptions {
  private readonly rows = new Map<string, ShippingOption>();
  private readonly orderings = new Orderings<ShippingOption>(keysOf);

  async byId(id: string): Promise<ShippingOption | null> {
    const option = this.rows.get(id);
    return option ? copy(option) : null;
  }

  async add(option: ShippingOption): Promise<void> {
    this.store(copy(option));
  }

  async update(id: string, changes: ShippingOptionChanges): Promise<ShippingOption | null> {
    const option = this.rows.get(id);
    if (!option) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    this.store(copy({ ...option, ...defined }));
    return this.byId(id);
  }

  async list(query: ShippingOptionQuery): Promise<ShippingOption[]> {
    const key = query.status === 'all' ? orderingKey() : orderingKey(query.status);
    return this.orderings.newestFirst(key, query).map((id) => copy(this.rows.get(id)!));
  }

  /** Options are few (at most `MAX_ACTIVE_OPTIONS` active per currency): a sort of the active ones is cheap. */
  async active(currency: string, limit: number): Promise<ShippingOption[]> {
    const active = this.orderings.newestFirst(orderingKey('active', currency), { limit: Number.MAX_SAFE_INTEGER }).map((id) => this.rows.get(id)!);
    return active.sort(cheapestFirst).slice(0, Math.max(limit, 0)).map(copy);
  }

  private store(option: ShippingOption): void {
    this.rows.set(option.id, option);
    this.orderings.put(option);
  }
}
