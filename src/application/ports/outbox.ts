import type { Message } from '../../domain/messages.js';
import type { PageQuery } from './pagination.js';

/** `pending`: to be sent (now or at `nextAttemptAt`); `sent`: handed to the mail server; `dead`: gave up, waits for a person. */
export type OutboxStatus = 'pending' | 'sent' | 'dead';

/**
 * A message to send, and what makes it one: `subject` is what it is about (an order id, a user id;
 * not the email's subject line) and `version` which occurrence of it (the order event id that
 * caused it, a reset request's id). One record per (kind, subject, version), ever.
 */
export type OutboxEntry = Message & Readonly<{ subject: string; version: string; to: string }>;

export type OutboxRecord = OutboxEntry & Readonly<{
  /** 24 lowercase hex characters; also names the email (its Message-ID), so a resend is recognisable. */
  id: string;
  status: OutboxStatus;
  /** Failed attempts so far. */
  attempts: number;
  /** When a worker may take it next; `null` unless pending. */
  nextAttemptAt: Date | null;
  /** Why the last attempt failed; `null` when none has. */
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}>;

/** A record a worker took: it is the worker's until `until`; `token` names this taking to the outcome calls. */
export type HeldRecord = Readonly<{ record: OutboxRecord; token: string; until: Date }>;

/**
 * Messages recorded for delivery, shared by every process on one storage. Nothing here sends: a
 * worker takes records, sends them, and reports the outcome.
 */
export interface Outbox {
  /**
   * Records `entry` as `pending`, due at once, under the new `id`, unless a record with its
   * (kind, subject, version) exists: then that one is returned, unchanged. Atomic across
   * processes: of concurrent calls with one key exactly one creates it.
   */
  enqueue(entry: OutboxEntry, id: string, at: Date): Promise<Readonly<{ record: OutboxRecord; created: boolean }>>;
  /**
   * Up to `limit` pending records due at `at`, oldest due first, each held by the caller until
   * `at + leaseMs`. A held record is given to nobody else until its lease ends (the holder died):
   * then the next caller takes it over. Of concurrent callers, each record goes to one.
   */
  take(at: Date, leaseMs: number, limit: number): Promise<HeldRecord[]>;
  /** The holder handed it to the mail server: `sent`, for good (a secret it carried is blanked). Idempotent, valid after the lease ran out. */
  markSent(held: HeldRecord, at: Date): Promise<void>;
  /**
   * The holder's attempt failed: `pending` again, due at `retryAt`, or `dead` when `retryAt` is
   * `null`; `attempts` goes up by one, `lastError` says why. A record sent meanwhile stays sent.
   */
  markFailed(held: HeldRecord, error: string, retryAt: Date | null, at: Date): Promise<void>;
  /** The holder gives it back untried (shutting down): due again at once, for any worker. */
  release(held: HeldRecord, at: Date): Promise<void>;
  /** `null` when absent (malformed ids included). */
  byId(id: string): Promise<OutboxRecord | null>;
  /** Newest first (createdAt, then id), all or one status, see `PageQuery`. */
  list(status: OutboxStatus | null, query: PageQuery): Promise<OutboxRecord[]>;
  /**
   * A dead or pending record becomes pending, due at `at`, with no failed attempts; a sent one is
   * returned unchanged. The record as stored afterwards; `null` when absent.
   */
  retry(id: string, at: Date): Promise<OutboxRecord | null>;
  /** When the oldest pending record was created; `null` when none is pending. */
  oldestPending(): Promise<Date | null>;
}
