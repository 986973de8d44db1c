import type { Logger } from 'pino';
import { connectMongo } from '../adapters/mongo/connect.js';
import type { Overrides } from './compose.js';
import type { Config } from './config.js';

/**
 * The storage the configuration asks for: MongoDB when MONGODB_URI is set (connected, pinged and
 * indexed before the service listens; unreachable → startup fails), otherwise in-memory.
 */
export async function selectAdapters(config: Config, logger: Logger): Promise<Overrides> {
  if (!config.mongodbUri) return {};
  const { maxPoolSize, waitQueueTimeoutMs, maxTimeMs } = config.mongo;
  const storage = await connectMongo(config.mongodbUri, {
    appName: 'shop-api', maxPoolSize, waitQueueTimeoutMS: waitQueueTimeoutMs, maxTimeMS: maxTimeMs,
  });
  logger.info({ db: storage.dbName }, 'connected to MongoDB');
  return { storage };
}
