import { readFile } from 'node:fs/promises';
import newman, { type NewmanRunSummary } from 'newman';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnsureAdmin } from '../../src/application/accounts/ensure-admin.js';
import { compose } from '../../src/boot/compose.js';
import { loadConfig } from '../../src/boot/config.js';
import { COLLECTION_FILE, collectionJson } from '../../scripts/postman-collection.js';
import { listen } from '../support/listen.js';

// The collection's defaults, as in .env.example: the run below uses them unchanged.
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'change-me-please-123';

function run(options: newman.NewmanRunOptions): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => newman.run(options, (err, summary) => (err ? reject(err) : resolve(summary))));
}

describe('the Postman collection', () => {
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    server = await listen();
    const config = loadConfig({
      NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), APP_URL: server.url, ADMIN_EMAIL, ADMIN_PASSWORD,
    });
    const composition = compose(config, pino({ level: 'silent' }));
    await composition.container.resolve(EnsureAdmin).execute(config.admin!);
    server.attach(composition.app);
  });

  afterAll(async () => {
    await server?.close();
  });

  it(`${COLLECTION_FILE} is up to date with the served OpenAPI document (npm run postman:generate)`, async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(await readFile(COLLECTION_FILE, 'utf8')).toBe(collectionJson(doc));
  });

  it('runs with newman against the embedded mode: register → login → profile → products → order, no failures', async () => {
    const collection = JSON.parse(await readFile(COLLECTION_FILE, 'utf8'));
    const summary = await run({
      collection,
      envVar: [{ key: 'baseUrl', value: server.url }],
      reporters: [],
      timeoutRequest: 10_000,
    });
    const failures = summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.message}`);
    expect(failures).toEqual([]);

    const executed = summary.run.executions.map((e) => `${e.item.name} ${(e.response as { code?: number } | undefined)?.code}`);
    expect(executed).toEqual(expect.arrayContaining([
      'Register 201', 'Log in 200', 'Profile 200', 'Refresh the session 200', 'Change the name 200',
      'Ask for a password reset link 202', 'Change the password (the other sessions end) 204', 'Log out 204', 'Log in again 200',
      'Log out everywhere 204', 'Log in once more 200', 'Register an account to close 201', 'Close that account 204',
      'Log in as admin 200', 'Add a product (admin) 201',
      'List products 200', 'Get the product 200', 'Place an order 201', 'My orders 200', 'Get the order 200',
      'Cancel the order 200', 'Place an order to refund 201', 'All orders (admin) 200', 'Any order (admin) 200',
      'Refund the order (admin) 200',
      'Change the product (admin) 200', 'All products, with stock (admin) 200', 'Archive a product (admin) 204',
      'Add a shipping option (admin) 201', 'Shipping options on offer 200', 'Change the shipping option (admin) 200',
      'Ship an order (admin) 200', 'Orders to ship (admin) 200', 'Mark the order delivered (admin) 200', 'Archive the shipping option (admin) 204',
    ]));
    expect(summary.run.stats.assertions.total).toBeGreaterThanOrEqual(executed.length);
    expect(summary.run.stats.assertions.failed).toBe(0);
  });
});
