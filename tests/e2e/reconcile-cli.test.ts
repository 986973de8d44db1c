import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MongoStorage, connectMongo } from '../../src/adapters/mongo/connect.js';
import { anOrder } from '../support/builders.js';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { STRIPE_MOCK_URL, STRIPE_TEST_ENV } from '../support/stripe-mock.js';
import { freePort } from '../support/spawn-service.js';

/** Runs `npm run reconcile`'s script as its own process; resolves with its exit code and output. */
function reconcileCli(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/boot/reconcile-cli.ts'], {
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const HOUR = 3600_000;

describe.skipIf(!mongoTarget().available || !STRIPE_MOCK_URL)('npm run reconcile (a real process, MongoDB-wire + stripe-mock)', () => {
  const uri = mongoTarget().uri!;
  const dbName = testDbName(import.meta.url);
  const env = () => ({ ...STRIPE_TEST_ENV, STRIPE_API_URL: STRIPE_MOCK_URL!, MONGODB_URI: withDatabase(uri, dbName), RECONCILE_AFTER: '30m' });
  let storage: MongoStorage;

  beforeAll(async () => {
    storage = await connectMongo(withDatabase(uri, dbName));
  });
  afterAll(async () => {
    await dropTestDatabase(uri, dbName);
    await storage?.close();
  });

  it('exits 0 when nothing needs attention, 1 once something was flagged, and 0 again after that', { timeout: 240_000 }, async () => {
    const nothing = await reconcileCli(env());
    expect(nothing.output).toContain('reconciled: asked=0');
    expect(nothing.code).toBe(0);

    const createdAt = new Date(Date.now() - HOUR);
    const unpaid = anOrder().withCheckout('cs_test_reconcile_cli').createdAt(createdAt).build();
    // A session id Stripe cannot know (the embedded mode's local checkout): reported as unknown.
    const unknown = anOrder().withCheckout('lcs_local_session').createdAt(createdAt).build();
    await storage.orders.add(unpaid, []);
    const stillUnpaid = await reconcileCli(env());
    expect(stillUnpaid.output).toContain('reconciled: asked=1 completed=0 expired=0 failed=0 flagged=0 unchanged=1');
    expect(stillUnpaid.code).toBe(0);

    await storage.orders.add(unknown, []);
    const flagged = await reconcileCli(env());
    expect(flagged.output).toContain(`${unknown.id} flagged`);
    expect(flagged.code).toBe(1);
    expect((await storage.orders.byId(unknown.id))!.paymentIssue).toMatch(/does not know checkout lcs_local_session/);

    const after = await reconcileCli(env());
    expect(after.code).toBe(0);
  });

  it('exits 2 when the payment provider cannot be reached or the configuration is invalid', { timeout: 180_000 }, async () => {
    await storage.orders.add(anOrder().withCheckout('cs_test_unreachable').createdAt(new Date(Date.now() - 2 * HOUR)).build(), []);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await reconcileCli({ ...env(), STRIPE_API_URL: closed });
    expect(down.output).toMatch(/ error/);
    expect(down.code).toBe(2);

    const invalid = await reconcileCli({ ...env(), RECONCILE_AFTER: 'soon' });
    expect(invalid.output).toContain('RECONCILE_AFTER');
    expect(invalid.code).toBe(2);
  });

  it('exits 0 with a note in the embedded mode, where there is no provider to ask', { timeout: 120_000 }, async () => {
    const local = await reconcileCli({});
    expect(local.output).toContain('Nothing to reconcile');
    expect(local.code).toBe(0);
  });
});
