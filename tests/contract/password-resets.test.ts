import { describe } from 'vitest';
import { MemoryPasswordResets } from '../../src/adapters/memory/password-resets.js';
import { mongoTarget, useMongoStorage } from '../support/mongo.js';
import { passwordResetsContract } from './password-resets.contract.js';

describe('memory', () => {
  passwordResetsContract(async () => new MemoryPasswordResets());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  passwordResetsContract(async () => (await mongo.fresh()).passwordResets);
});
