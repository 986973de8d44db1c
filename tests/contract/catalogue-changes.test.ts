import { afterAll, describe } from 'vitest';
import { MemoryCatalogueChanges } from '../../src/adapters/memory/catalogue-changes.js';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { type MongoStorage, connectMongo } from '../../src/adapters/mongo/connect.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { catalogueChangesContract } from './catalogue-changes.contract.js';

describe('memory', () => {
  catalogueChangesContract(async () => {
    const catalogueChanges = new MemoryCatalogueChanges();
    const products = new MemoryProducts(catalogueChanges);
    return { products, stock: new MemoryStock(products), catalogueChanges };
  });
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  let second: MongoStorage | undefined;
  afterAll(async () => second?.close());
  catalogueChangesContract(
    async () => mongo.fresh(),
    async () => {
      const first = await mongo.fresh();
      second ??= await connectMongo(withDatabase(mongoTarget().uri!, first.dbName), { appName: 'shop-api-tests-2' });
      return second;
    },
  );
});
