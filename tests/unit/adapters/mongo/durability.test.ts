import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/adapters/mongo/connect.js';
import { effectiveSettings, weakerSettings } from '../../../../src/adapters/mongo/durability.js';
import { ConfigError, loadConfig } from '../../../../src/boot/config.js';
import { selectAdapters } from '../../../../src/boot/select-adapters.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!!',
  STRIPE_SECRET_KEY: 'sk_test_1',
  STRIPE_WEBHOOK_SECRET: 'whsec_1',
};
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('the client options every MongoDB client gets', () => {
  // Parsing needs no server: the options are what the driver would use.
  it.each([
    'mongodb://db.example/shop',
    'mongodb://db.example/shop?w=1',
    'mongodb://db.example/shop?w=0&journal=false',
    'mongodb://db.example/shop?readPreference=secondaryPreferred',
    'mongodb://db.example/shop?readPreference=nearest&w=2',
    'mongodb://a.example,b.example/shop?replicaSet=rs0&readPreference=secondary&W=1',
  ])('pins majority, journaled writes and primary reads whatever %s asks for', (uri) => {
    const client = createClient(uri);
    expect(client.options.writeConcern).toMatchObject({ w: 'majority', journal: true });
    expect(client.options.readPreference.mode).toBe('primary');
    const db = client.db();
    expect(db.writeConcern).toMatchObject({ w: 'majority', journal: true });
    expect(db.readPreference.mode).toBe('primary');
    expect(db.collection('orders').writeConcern).toMatchObject({ w: 'majority' });
  });

  it('keeps what the URI may decide: a write timeout, retryWrites=false', () => {
    const client = createClient('mongodb://db.example/shop?w=majority&wtimeoutMS=5000&retryWrites=false');
    expect(client.options.writeConcern).toMatchObject({ w: 'majority', wtimeoutMS: 5000 });
    expect(client.options.retryWrites).toBe(false);
  });

  it('reports the effective settings for the start-up log, without the password', () => {
    const client = createClient('mongodb://shop:s3cret@db.example:27017/shop?w=1&readPreference=secondary', {
      serverSelectionTimeoutMS: 7000, maxPoolSize: 8, waitQueueTimeoutMS: 500,
    });
    const settings = effectiveSettings(client, 900);
    expect(settings).toMatchObject({
      hosts: ['db.example:27017'], writeConcern: { w: 'majority', journal: true }, readPreference: 'primary',
      retryWrites: true, retryReads: true, serverSelectionTimeoutMS: 7000, maxPoolSize: 8, waitQueueTimeoutMS: 500, maxTimeMS: 900,
    });
    expect(JSON.stringify(settings)).not.toContain('s3cret');
  });
});

describe('a URI that asks for less than the service needs', () => {
  it('names each weaker setting; w=0/1, journal=false and secondary reads are refusable, retryWrites=false is not', () => {
    expect(weakerSettings('mongodb://db.example/shop')).toEqual([]);
    expect(weakerSettings('mongodb://db.example/shop?w=majority&readPreference=primary')).toEqual([]);
    const found = (uri: string) => weakerSettings(uri).map((w) => [w.setting, w.refused]);
    expect(found('mongodb://db.example/shop?w=1')).toEqual([['w=1', true]]);
    expect(found('mongodb://db.example/shop?w=0&journal=false')).toEqual([['w=0', true], ['journal=false', true]]);
    expect(found('mongodb+srv://cluster0.example.net/shop?readPreference=secondaryPreferred')).toEqual([['readPreference=secondaryPreferred', true]]);
    expect(found('mongodb://db.example/shop?w=2')).toEqual([['w=2', false]]);
    expect(found('mongodb://db.example/shop?retryWrites=false&retryReads=false')).toEqual([['retryWrites=false', false], ['retryReads=false', false]]);
    expect(weakerSettings('not a uri')).toEqual([]);
  });

  it('is a start-up error in production naming the setting', () => {
    for (const [query, setting] of [['w=1', 'w=1'], ['w=0', 'w=0'], ['journal=false', 'journal=false'], ['readPreference=secondaryPreferred', 'readPreference=secondaryPreferred']]) {
      const problems = problemsOf({ ...PRODUCTION, MONGODB_URI: `mongodb://db.example/shop?${query}` });
      expect(problems, query).toEqual([expect.stringMatching(new RegExp(`^MONGODB_URI: ${setting} is refused when NODE_ENV=production`))]);
    }
    expect(problemsOf({ ...PRODUCTION, MONGODB_URI: 'mongodb://db.example/shop?retryWrites=false&w=majority' })).toEqual([]);
    expect(problemsOf({ ...PRODUCTION, MONGODB_URI: 'mongodb://db.example/shop' })).toEqual([]);
  });

  it('is accepted outside production, with a warning per setting, and overridden', async () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1/shop?w=1&readPreference=secondary&retryWrites=false', MONGODB_SERVER_SELECTION_TIMEOUT_MS: '200' });
    expect(config.mongo.serverSelectionTimeoutMs).toBe(200);
    const lines: { level: number; msg: string; setting?: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    // Nothing listens on port 1: the warnings come before the connection is tried.
    await expect(selectAdapters(config, logger)).rejects.toThrow(/Cannot use MongoDB at 127\.0\.0\.1:1/);
    expect(lines.filter((l) => l.level === 40).map((l) => l.setting)).toEqual(['w=1', 'readPreference=secondary', 'retryWrites=false']);
  });
});
