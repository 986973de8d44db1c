import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { EnsureAdmin } from '../application/accounts/ensure-admin.js';
import { CreateProduct } from '../application/catalogue/create-product.js';
import { createLogger } from '../adapters/logging/logger.js';
import { banner } from './banner.js';
import { compose } from './compose.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { seedDemoData } from './demo-data.js';
import { startPeriodicJobs } from './jobs.js';
import { selectAdapters } from './select-adapters.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function start(config: Config, logger: Logger): Promise<void> {
  const adapters = await selectAdapters(config, logger);
  const composition = compose(config, logger, adapters);
  const { container, storage } = composition;

  let demoAdmin = null;
  if (config.admin) {
    const result = await container.resolve(EnsureAdmin).execute(config.admin);
    logger.info({ email: config.admin.email, result }, 'admin account ensured');
  } else if (!storage.durable) {
    // A store that starts empty every time gets something to look at (and a known admin).
    demoAdmin = await seedDemoData({
      ensureAdmin: container.resolve(EnsureAdmin), createProduct: container.resolve(CreateProduct), users: storage.users,
    });
  }

  if (composition.mail.warning) logger.warn(composition.mail.warning);
  const stopJobs = startPeriodicJobs(config.jobs, composition.jobs);

  const server: Server = composition.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  process.stdout.write(banner({ config, storage, payments: composition.payments, mail: composition.mail, demoAdmin }));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: readiness off, finishing in-flight requests');
    composition.setAccepting(false);
    stopJobs();
    const force = setTimeout(() => {
      logger.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownDelayMs + SHUTDOWN_GRACE_MS);
    force.unref();
    // Load balancers see readiness fail during the delay, then the listener closes; Node 19+
    // closes idle keep-alive sockets, and in-flight requests finish before 'close' fires.
    setTimeout(() => {
      server.close(() => {
        // The moves of the last requests are stored; delivering their events now spares the next
        // instance's periodic pass the wait (nothing is lost either way).
        // Then the messages: the send in progress finishes, what is taken but untried is given back.
        composition.jobs.dispatchEvents.idle()
          .then(() => composition.jobs.deliverOutbox?.stop())
          .then(() => storage.close())
          .then(() => { logger.info('stopped'); process.exit(0); })
          .catch((err: unknown) => { logger.error({ err }, 'closing storage failed'); process.exit(1); });
      });
      server.closeIdleConnections();
    }, config.shutdownDelayMs);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function main(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example and the README's configuration table.\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.env === 'development' && process.stdout.isTTY });
  start(config, logger).catch((err: unknown) => {
    logger.fatal({ err }, 'startup failed');
    process.stderr.write(`\nStartup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

main();
