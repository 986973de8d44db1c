import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { StorageUnavailable } from '../../domain/errors.js';

// Server codes that mean "this node cannot serve you right now", not "your request is wrong":
// HostUnreachable, HostNotFound, MaxTimeMSExpired, NetworkTimeout, ShutdownInProgress,
// PrimarySteppedDown, ExceededTimeLimit, NotWritablePrimary, InterruptedAtShutdown,
// InterruptedDueToReplStateChange, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary.
const TRANSIENT_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 10107, 11600, 11602, 13435, 13436]);

/**
 * E11000 on MongoDB. FerretDB (1.x, SQLite) reports a unique index violated by an *update* as
 * code 1 (InternalError) with SQLite's message instead, so that is a duplicate key too.
 */
export function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return error.code === 11000 || error.code === 11001 || (error.code === 1 && /UNIQUE constraint failed/.test(error.message));
}

/**
 * Socket errors the driver lets through unwrapped: a write to a socket the server (or the network)
 * has just closed rejects with Node's own error (`EPIPE`, "This socket has been ended by the other
 * party") from `Connection.writeCommand`'s wait for `drain` (mongodb 7.9).
 */
const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_SOCKET_CLOSED']);

export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof CallDeadlineExceeded ||
    (error instanceof Error && !(error instanceof MongoError) && SOCKET_CODES.has((error as NodeJS.ErrnoException).code ?? '')) ||
    error instanceof MongoNetworkError || // includes timeouts and a pool cleared after a network error
    error instanceof MongoServerSelectionError ||
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoClientClosedError ||
    (error instanceof MongoError &&
      (error.name === 'MongoWaitQueueTimeoutError' ||
        error.name === 'MongoPoolClearedError' ||
        (error instanceof MongoServerError && typeof error.code === 'number' && TRANSIENT_CODES.has(error.code))))
  );
}

let callDeadlineMs = 20_000;

/**
 * The longest any storage call may take, whatever the driver does: longer than the driver's own
 * bounds (pool wait + server selection + socket timeout), so it only ends calls the driver would
 * never end (a write stuck waiting for a cut socket to drain: see client-keeper.ts). `connectMongo`
 * sets it from its settings.
 */
export function setCallDeadline(ms: number): void {
  callDeadlineMs = ms;
}

/**
 * Runs one storage call and translates the driver's errors at the adapter's edge: an unreachable
 * or timed-out server becomes `StorageUnavailable`; a duplicate key becomes whatever
 * `onDuplicateKey` returns or throws. Anything else is a bug and propagates unchanged. A call
 * still unanswered at the deadline is reported as `StorageUnavailable` too: like a reply lost,
 * the write may or may not have applied (every multi-step protocol here is safe against that).
 */
export async function storageCall<T>(work: () => Promise<T>, onDuplicateKey?: () => T): Promise<T> {
  try {
    return await withinDeadline(work());
  } catch (error) {
    if (onDuplicateKey && isDuplicateKey(error)) return onDuplicateKey();
    if (isUnavailable(error)) throw new StorageUnavailable('Storage is unavailable; try again later.', { cause: error });
    throw error;
  }
}

class CallDeadlineExceeded extends Error {}

function withinDeadline<T>(call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallDeadlineExceeded(`no answer from storage within ${callDeadlineMs} ms`)), callDeadlineMs);
    timer.unref();
  });
  call.catch(() => undefined); // settled late or never: nobody is waiting for it any more
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}
