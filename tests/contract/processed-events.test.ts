import { describe } from 'vitest';
import { MemoryProcessedEvents } from '../../src/adapters/memory/processed-events.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { processedEventsContract } from './processed-events.contract.js';

describe('memory', () => {
  processedEventsContract(async () => new MemoryProcessedEvents());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  processedEventsContract(async () => (await mongo.fresh()).processedEvents);
});
