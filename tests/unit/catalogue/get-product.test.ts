import { beforeEach, describe, expect, it } from 'vitest';
import { GetProduct } from '../../../src/application/catalogue/get-product.js';
import { ProductNotFound } from '../../../src/domain/errors.js';
import { aProduct } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('GetProduct', () => {
  it('returns an active product', async () => {
    const [mug] = await t.inCatalogue(aProduct().build());
    expect(await new GetProduct(t.products).execute(mug!.id)).toEqual(mug);
  });

  it('reports an inactive product as not found', async () => {
    const [retired] = await t.inCatalogue(aProduct().inactive().build());
    await expect(new GetProduct(t.products).execute(retired!.id)).rejects.toThrow(ProductNotFound);
  });

  it('reports a missing product as not found', async () => {
    await expect(new GetProduct(t.products).execute('0000000000000000000000ff')).rejects.toThrow(ProductNotFound);
  });
});
