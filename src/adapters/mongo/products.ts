import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { ProductChanges, ProductQuery, Products } from '../../application/ports/products.js';
import type { Product } from '../../domain/product.js';
import { requireObjectId, toObjectId } from './object-id.js';
import { NEWEST_FIRST, after } from './page.js';
import type { ReadLimit } from './read-limit.js';
import type { MongoCatalogueChanges } from './catalogue-changes.js';
import type { StockLevels } from './stock-levels.js';
import { storageCall } from './translate-errors.js';

/** The stock lives in `stock_levels` (see stock-levels.ts), never in this document. */
export type ProductDocument = {
  _id: ObjectId;
  name: string;
  description: string;
  category: string | null;
  price: { amount: number; currency: string };
  active: boolean;
  imageUrl?: string | null;
  /** Absent on products stored before it existed: those are shippable. */
  shippable?: boolean;
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
    imageUrl: product.imageUrl,
    shippable: product.shippable,
    createdAt: product.createdAt,
  };
}

function toProduct(doc: ProductDocument, stock: number | null): Product {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    description: doc.description,
    category: doc.category,
    price: { amount: doc.price.amount, currency: doc.price.currency },
    active: doc.active,
    stock,
    imageUrl: doc.imageUrl ?? null,
    shippable: doc.shippable ?? true,
    createdAt: doc.createdAt,
  };
}

export class MongoProducts implements Products {
  private readonly products: Collection<ProductDocument>;

  constructor(
    db: Db,
    private readonly levels: StockLevels,
    private readonly changes?: MongoCatalogueChanges,
    /** The time limit of the reads that answer a request. */
    private readonly reads: ReadLimit = {},
  ) {
    this.products = db.collection<ProductDocument>('products');
  }

  async byId(id: string): Promise<Product | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await storageCall(() => this.products.findOne({ _id }, this.reads));
    return doc && toProduct(doc, await this.levels.read(id));
  }

  async byIds(ids: readonly string[]): Promise<Product[]> {
    const objectIds = [...new Set(ids)].flatMap((id) => toObjectId(id) ?? []);
    if (objectIds.length === 0) return [];
    // One id (most orders) is an `_id` equality, which FerretDB hands to its backend; `$in` it filters itself.
    const [only] = objectIds;
    const filter = objectIds.length === 1 ? { _id: only! } : { _id: { $in: objectIds } };
    return this.withStock(await storageCall(() => this.products.find(filter, this.reads).toArray()));
  }

  async add(product: Product): Promise<void> {
    await storageCall(() => this.products.insertOne(toDocument(product)));
    await this.levels.create(product.id, product.stock);
    await this.changes?.changed([product.id]);
  }

  async list(query: ProductQuery): Promise<Product[]> {
    if (query.limit < 1) return []; // the driver reads limit 0 as "no limit"
    const filter: Filter<ProductDocument> = {
      ...(query.category !== undefined && { category: { $eq: query.category } }),
      ...(query.activeOnly ? { active: true } : query.archivedOnly ? { active: false } : {}),
      ...after<ProductDocument>(query.after),
    };
    return this.withStock(await storageCall(() => this.products.find(filter, this.reads).sort(NEWEST_FIRST).limit(query.limit).toArray()));
  }

  async update(id: string, changes: ProductChanges): Promise<Product | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const $set: Partial<ProductDocument> = {};
    if (changes.name !== undefined) $set.name = changes.name;
    if (changes.description !== undefined) $set.description = changes.description;
    if (changes.category !== undefined) $set.category = changes.category;
    if (changes.price !== undefined) $set.price = { amount: changes.price.amount, currency: changes.price.currency };
    if (changes.imageUrl !== undefined) $set.imageUrl = changes.imageUrl;
    if (changes.shippable !== undefined) $set.shippable = changes.shippable;
    if (changes.active !== undefined) $set.active = changes.active;
    if (Object.keys($set).length > 0) {
      await storageCall(() => this.products.updateOne({ _id }, { $set }));
      await this.changes?.changed([id]);
    }
    return this.byId(id);
  }

  async setStock(id: string, stock: number | null, at: Date): Promise<Product | null> {
    const _id = toObjectId(id);
    if (!_id || !(await storageCall(() => this.products.findOne({ _id }, { projection: { _id: 1 } })))) return null;
    await this.levels.change(id, () => ({ set: stock }), at, { track: true });
    return this.byId(id);
  }

  private async withStock(docs: ProductDocument[]): Promise<Product[]> {
    const stock = await this.levels.readMany(docs.map((d) => d._id.toHexString()));
    return docs.map((d) => toProduct(d, stock.get(d._id.toHexString()) ?? null));
  }
}
