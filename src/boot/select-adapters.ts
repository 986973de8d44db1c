import type { Logger } from 'pino';
import { connectMongo } from '../adapters/mongo/connect.js';
import { weakerSettings } from '../adapters/mongo/durability.js';
import type { Overrides } from './compose.js';
import type { Config } from './config.js';

/**
 * The storage the configuration asks for: MongoDB when MONGODB_URI is set (connected, pinged and
 * indexed before the service listens; unreachable → startup fails), otherwise in-memory.
 */
export async function selectAdapters(config: Config, logger: Logger): Promise<Overrides> {
  if (!config.mongodbUri) return {};
  const { maxPoolSize, waitQueueTimeoutMs, maxTimeMs, serverSelectionTimeoutMs } = config.mongo;
  // Production refused the weaker ones already (config.ts); elsewhere they are overridden, with a word.
  for (const weak of weakerSettings(config.mongodbUri)) {
    logger.warn({ setting: weak.setting }, `MONGODB_URI asks for ${weak.setting}: ${weak.why}`);
  }
  const storage = await connectMongo(config.mongodbUri, {
    appName: 'shop-api', maxPoolSize, waitQueueTimeoutMS: waitQueueTimeoutMs, maxTimeMS: maxTimeMs,
    serverSelectionTimeoutMS: serverSelectionTimeoutMs,
    onClientReplaced: (reason) => logger.warn({ reason }, 'replaced the MongoDB client: its server monitoring was stuck'),
  });
  logger.info({ db: storage.dbName, ...storage.settings }, 'connected to MongoDB');
  return { storage };
}
