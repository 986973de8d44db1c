import type { Collection, Db } from 'mongodb';
import type { PasswordReset, PasswordResets } from '../../application/ports/password-resets.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { isDuplicateKey, storageCall } from './translate-errors.js';

/** A user's one outstanding reset, `_id` = the user id: issuing replaces it, so older links are void. */
export type PasswordResetDocument = { _id: string; hash: string; requestedAt: Date; expiresAt: Date };
/** A reset used, `_id` = its hash: the unique insert lets one of concurrent confirmations through. */
export type PasswordResetUseDocument = { _id: string; expiresAt: Date };

export class MongoPasswordResets implements PasswordResets {
  private readonly resets: Collection<PasswordResetDocument>;
  private readonly uses: Collection<PasswordResetUseDocument>;
  private readonly sweepResets: (now: Date) => void;
  private readonly sweepUses: (now: Date) => void;

  constructor(db: Db) {
    this.resets = db.collection<PasswordResetDocument>('password_resets');
    this.uses = db.collection<PasswordResetUseDocument>('password_reset_uses');
    this.sweepResets = expirySweeper(this.resets);
    this.sweepUses = expirySweeper(this.uses);
  }

  async issue(reset: PasswordReset): Promise<void> {
    this.sweepResets(reset.requestedAt);
    const set = { $set: { hash: reset.hash, requestedAt: reset.requestedAt, expiresAt: reset.expiresAt } };
    const _id = reset.userId;
    await storageCall(async () => {
      try {
        await this.resets.updateOne({ _id }, set, { upsert: true });
      } catch (error) {
        // Two first requests at once on FerretDB: both upserts insert, one loses; either reset is the outstanding one.
        if (!isDuplicateKey(error)) throw error;
        await this.resets.updateOne({ _id }, set);
      }
    });
  }

  async consume(hash: string, at: Date): Promise<string | null> {
    this.sweepUses(at);
    const reset = await storageCall(() => this.resets.findOne({ hash: { $eq: hash } }));
    if (!reset || reset.expiresAt.getTime() <= at.getTime()) return null;
    const use = await claim(this.uses, { _id: hash, expiresAt: reset.expiresAt });
    return use.won ? reset._id : null;
  }
}
