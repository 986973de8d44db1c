import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { ProductQuery, Products } from '../../application/ports/products.js';
import type { Product } from '../../domain/product.js';
import { requireObjectId, toObjectId } from './object-id.js';
import { NEWEST_FIRST, after } from './page.js';
import { storageCall } from './translate-errors.js';

export type ProductDocument = {
  _id: ObjectId;
  name: string;
  description: string;
  category: string | null;
  price: { amount: number; currency: string };
  active: boolean;
  createdAt: Date;
};

function toDocument(product: Product): ProductDocument {
  return {
    _id: requireObjectId(product.id),
    name: product.name,
    description: product.description,
    category: product.category,
    price: { amount: product.price.amount, currency: product.price.currency },
    active: product.active,
    createdAt: product.createdAt,
  };
}

function toProduct(doc: ProductDocument): Product {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    description: doc.description,
    category: doc.category,
    price: { amount: doc.price.amount, currency: doc.price.currency },
    active: doc.active,
    createdAt: doc.createdAt,
  };
}

export class MongoProducts implements Products {
  private readonly products: Collection<ProductDocument>;

  constructor(db: Db) {
    this.products = db.collection<ProductDocument>('products');
  }

  async byId(id: string): Promise<Product | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await storageCall(() => this.products.findOne({ _id }));
    return doc && toProduct(doc);
  }

  async byIds(ids: readonly string[]): Promise<Product[]> {
    const objectIds = [...new Set(ids)].flatMap((id) => toObjectId(id) ?? []);
    if (objectIds.length === 0) return [];
    const docs = await storageCall(() => this.products.find({ _id: { $in: objectIds } }).toArray());
    return docs.map(toProduct);
  }

  async add(product: Product): Promise<void> {
    await storageCall(() => this.products.insertOne(toDocument(product)));
  }

  async list(query: ProductQuery): Promise<Product[]> {
    if (query.limit < 1) return []; // the driver reads limit 0 as "no limit"
    const filter: Filter<ProductDocument> = {
      ...(query.category !== undefined && { category: { $eq: query.category } }),
      ...(query.activeOnly && { active: true }),
      ...after<ProductDocument>(query.after),
    };
    const docs = await storageCall(() => this.products.find(filter).sort(NEWEST_FIRST).limit(query.limit).toArray());
    return docs.map(toProduct);
  }
}
