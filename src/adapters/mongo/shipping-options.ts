import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { ShippingOptionChanges, ShippingOptionQuery, ShippingOptions } from '../../application/ports/shipping-options.js';
import type { ShippingOption } from '../../domain/shipping.js';
import { requireObjectId, toObjectId } from './object-id.js';
import { NEWEST_FIRST, after } from './page.js';
import type { ReadLimit } from './read-limit.js';
import { storageCall } from './translate-errors.js';

/** An option as stored; `freeOverAmount`, `minDays` and `maxDays` absent when not set. */
export type ShippingOptionDocument = {
  _id: ObjectId;
  name: string;
  unitAmount: number;
  currency: string;
  countries: string[];
  freeOverAmount?: number;
  minDays?: number;
  maxDays?: number;
  active: boolean;
  createdAt: Date;
};

function toDocument(o: ShippingOption): ShippingOptionDocument {
  return {
    _id: requireObjectId(o.id),
    name: o.name,
    unitAmount: o.price.amount,
    currency: o.price.currency,
    countries: [...o.countries],
    ...(o.freeOverAmount !== null && { freeOverAmount: o.freeOverAmount }),
    ...(o.minDays !== null && { minDays: o.minDays }),
    ...(o.maxDays !== null && { maxDays: o.maxDays }),
    active: o.active,
    createdAt: o.createdAt,
  };
}

function toOption(d: ShippingOptionDocument): ShippingOption {
  return {
    id: d._id.toHexString(),
    name: d.name,
    price: { amount: d.unitAmount, currency: d.currency },
    countries: [...d.countries],
    freeOverAmount: d.freeOverAmount ?? null,
    minDays: d.minDays ?? null,
    maxDays: d.maxDays ?? null,
    active: d.active,
    createdAt: d.createdAt,
  };
}

/** Cheapest first; `_id` breaks ties the way the in-memory adapter's id comparison does. */
const CHEAPEST_FIRST = { unitAmount: 1, name: 1, _id: 1 } as const;

export class MongoShippingOptions implements ShippingOptions {
  private readonly options: Collection<ShippingOptionDocument>;

  constructor(db: Db, private readonly reads: ReadLimit = {}) {
    this.options = db.collection<ShippingOptionDocument>('shipping_options');
  }

  async byId(id: string): Promise<ShippingOption | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await storageCall(() => this.options.findOne({ _id }, this.reads));
    return doc && toOption(doc);
  }

  async add(option: ShippingOption): Promise<void> {
    await storageCall(() => this.options.insertOne(toDocument(option)));
  }

  async update(id: string, changes: ShippingOptionChanges): Promise<ShippingOption | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const $set: Partial<ShippingOptionDocument> = {};
    const $unset: Record<string, ''> = {};
    if (changes.name !== undefined) $set.name = changes.name;
    if (changes.price !== undefined) $set.unitAmount = changes.price.amount;
    if (changes.countries !== undefined) $set.countries = [...changes.countries];
    if (changes.active !== undefined) $set.active = changes.active;
    for (const field of ['freeOverAmount', 'minDays', 'maxDays'] as const) {
      const value = changes[field];
      if (value === null) $unset[field] = '';
      else if (value !== undefined) $set[field] = value;
    }
    if (Object.keys($set).length + Object.keys($unset).length > 0) {
      await storageCall(() => this.options.updateOne({ _id }, {
        ...(Object.keys($set).length > 0 && { $set }), ...(Object.keys($unset).length > 0 && { $unset }),
      }));
    }
    return this.byId(id);
  }

  async list(query: ShippingOptionQuery): Promise<ShippingOption[]> {
    if (query.limit < 1) return [];
    const filter: Filter<ShippingOptionDocument> = {
      ...(query.status === 'active' ? { active: true } : query.status === 'archived' ? { active: false } : {}),
      ...after<ShippingOptionDocument>(query.after),
    };
    const docs = await storageCall(() => this.options.find(filter, this.reads).sort(NEWEST_FIRST).limit(query.limit).toArray());
    return docs.map(toOption);
  }

  async active(currency: string, limit: number): Promise<ShippingOption[]> {
    if (limit < 1) return [];
    const docs = await storageCall(() =>
      this.options.find({ active: true, currency: { $eq: currency } }, this.reads).sort(CHEAPEST_FIRST).limit(limit).toArray(),
    );
    return docs.map(toOption);
  }
}
