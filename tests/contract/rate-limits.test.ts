import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimits } from '../../src/adapters/memory/rate-limits.js';
import { MongoRateLimits } from '../../src/adapters/mongo/rate-limits.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { rateLimitsContract } from './rate-limits.contract.js';

describe('memory', () => {
  rateLimitsContract(async () => new MemoryRateLimits());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  rateLimitsContract(async () => (await mongo.fresh()).rateLimits);

  it('under attack: 1,000 hits on a limit-20 key, 40 at a time, store at most 20 documents; a refused hit costs one read, then none', async () => {
    const storage = await mongo.fresh();
    const client = new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName), { monitorCommands: true });
    try {
      const commands: string[] = [];
      client.on('commandStarted', (e) => commands.push(e.commandName));
      const instance = () => new MongoRateLimits(client.db());
      const attacked = instance();
      const at = new Date(Math.ceil((Date.now() + 86_400_000) / 60_000) * 60_000 + 1_000); // a day ahead: no TTL monitor mid-test
      const counts: number[] = [];
      for (let wave = 0; wave < 25; wave += 1) {
        counts.push(...(await Promise.all(Array.from({ length: 40 }, () => attacked.hit('login:ip:6.6.6.6', 60_000, at, 20)))).map((r) => r.count));
      }
      const stored = await client.db().collection('rate_limit_hits').countDocuments({ key: 'login:ip:6.6.6.6' });
      const spent = commands.filter((c) => c !== 'delete').length;
      console.info(`1,000 hits on a limit-20 key: ${stored} documents, ${spent} commands (${(spent / 1000).toFixed(2)} per hit)`);
      expect(counts.filter((c) => c <= 20).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(counts.filter((c) => c > 20)).toHaveLength(980);
      expect(stored).toBeLessThanOrEqual(20 + 40);
      expect(stored).toBe(20);
      // Another instance, which has not seen the window full: its first refusal is one read, the next ones none.
      const other = instance();
      commands.length = 0;
      for (let i = 0; i < 10; i += 1) expect((await other.hit('login:ip:6.6.6.6', 60_000, at, 20)).count).toBe(21);
      expect(commands.filter((c) => c !== 'delete')).toEqual(['find']);
    } finally {
      await client.close();
    }
  }, 120_000);
});
