import { describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/adapters/mongo/connect.js';

describe('connectMongo', () => {
  it('rejects within seconds, naming the host but not the password, when nothing listens', async () => {
    const started = Date.now();
    const error: unknown = await connectMongo('mongodb://shop:s3cret-pw@127.0.0.1:1/shop', {
      serverSelectionTimeoutMS: 1_500,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot use MongoDB at 127\.0\.0\.1:1 \(database "shop"\)/);
    expect(message).not.toContain('s3cret-pw');
  });

  it('gives up within the default 5 s server selection timeout', async () => {
    const started = Date.now();
    await expect(connectMongo('mongodb://127.0.0.1:1/')).rejects.toThrow(/127\.0\.0\.1:1 \(database "shop"\)/);
    expect(Date.now() - started).toBeLessThan(6_500);
  });

  it('rejects a malformed connection string without echoing it', async () => {
    await expect(connectMongo('postgres://user:hunter2@db/shop')).rejects.toThrow(
      /^MONGODB_URI is not a valid MongoDB connection string/,
    );
    await expect(connectMongo('postgres://user:hunter2@db/shop')).rejects.not.toThrow(/hunter2/);
  });
});
