import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ReconcilePayments } from '../application/payments/reconcile-payments.js';
import { createLogger } from '../adapters/logging/logger.js';
import { compose } from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { describeRun, exitCodeOf } from './reconcile-report.js';
import { selectAdapters } from './select-adapters.js';

/**
 * One reconciliation run now, with the service's configuration and composition, whatever the
 * periodic job did lately (the orders' leases still keep it off orders an instance is handling).
 */
async function run(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, pretty: false });
  if (!config.stripe) {
    process.stdout.write('Nothing to reconcile: payments use the local checkout (STRIPE_SECRET_KEY is not set).\n');
    return 0;
  }
  if (!config.mongodbUri) process.stdout.write('Note: MONGODB_URI is not set, so this process has no orders of its own to reconcile.\n');
  const composition = compose(config, logger, await selectAdapters(config, logger));
  try {
    const result = await composition.container.resolve(ReconcilePayments).execute({
      olderThanMs: config.jobs.reconcileAfterMs,
      limit: config.jobs.reconcileLimit,
    });
    const line = describeRun(result);
    for (const o of line.orders) {
      const why = o.error ? `: ${o.error}` : '';
      process.stdout.write(`${o.orderId} ${o.outcome}${why}\n`);
    }
    const { orders: _, ...counts } = line;
    process.stdout.write(`reconciled: ${Object.entries(counts).map(([k, v]) => `${k}=${String(v)}`).join(' ')}\n`);
    return exitCodeOf(result);
  } finally {
    await composition.storage.close();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof ConfigError ? `${error.message}\nSee .env.example and the README's configuration table.` : `Reconciliation failed: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(2);
  },
);
