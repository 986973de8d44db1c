import { MongoClient } from 'mongodb';
import { ClientKeeper } from './client-keeper.js';
import { setCallDeadline } from './translate-errors.js';
import type { Storage } from '../../application/ports/storage.js';
import { MongoCatalogueChanges } from './catalogue-changes.js';
import { MongoIdempotencyRecords } from './idempotency-records.js';
import { PINNED, effectiveSettings } from './durability.js';
import { ensureIndexes } from './indexes.js';
import { checkShardKeys } from './shard-keys.js';
import { MongoLeases } from './leases.js';
import { MongoOrderEvents } from './order-events.js';
import { MongoOrders } from './orders.js';
import { MongoOutbox } from './outbox.js';
import { MongoProcessedEvents } from './processed-events.js';
import { MongoProducts } from './products.js';
import { readLimit } from './read-limit.js';
import { MongoRateLimits } from './rate-limits.js';
import { MongoShippingOptions } from './shipping-options.js';
import { MongoStock, openEarlierReservations } from './stock.js';
import { StockLevels } from './stock-levels.js';
import { MongoUsers } from './users.js';
import { MongoSessionEndings } from './session-endings.js';
import { MongoSessions } from './sessions.js';
import { MongoPasswordResets } from './password-resets.js';

export type MongoStorage = Storage & Readonly<{
  dbName: string;
  /** What the client uses after the URI and the pinned options are merged: for the start-up log. */
  settings: Readonly<Record<string, unknown>>;
}>;

export type MongoOptions = Readonly<{
  appName?: string;
  /** How long a call looks for a usable server before `StorageUnavailable` (default 5000 ms). */
  serverSelectionTimeoutMS?: number;
  /** Connections per instance (default 20): at most this many storage calls run at once. */
  maxPoolSize?: number;
  /** How long a call waits for a free connection before `StorageUnavailable` (default 1000 ms). */
  waitQueueTimeoutMS?: number;
  /** Server-side limit on the reads that answer a request (default 1000 ms; 0: none). */
  maxTimeMS?: number;
  /** Told when the driver's client is replaced because its server monitoring got stuck (see client-keeper.ts). */
  onClientReplaced?: (reason: string) => void;
}>;

/** The defaults of `MONGODB_MAX_POOL_SIZE`, `MONGODB_WAIT_QUEUE_TIMEOUT_MS` and `MONGODB_MAX_TIME_MS`. */
export const POOL_DEFAULTS = { maxPoolSize: 20, waitQueueTimeoutMS: 1_000, maxTimeMS: 1_000, serverSelectionTimeoutMS: 5_000 } as const;

/**
 * The client every adapter uses: fail-fast timeouts, the pool settings, and `PINNED` (majority
 * writes, primary reads), which override whatever the URI asks for. Throws on a malformed URI.
 */
export function createClient(uri: string, options: MongoOptions = {}): MongoClient {
  return new MongoClient(uri, {
    appName: options.appName ?? 'shop-api',
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? POOL_DEFAULTS.serverSelectionTimeoutMS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    socketTimeoutMS: SOCKET_TIMEOUT_MS, // the default, 0, waits forever on a server that stopped answering
    heartbeatFrequencyMS: HEARTBEAT_MS,
    waitQueueTimeoutMS: options.waitQueueTimeoutMS ?? POOL_DEFAULTS.waitQueueTimeoutMS,
    maxPoolSize: options.maxPoolSize ?? POOL_DEFAULTS.maxPoolSize,
    ...PINNED,
  });
}

const CONNECT_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 10_000;

export const DEFAULT_DB_NAME = 'shop';

/**
 * Connects, checks the server answers, and ensures the indexes. Rejects within about
 * `serverSelectionTimeoutMS` with an Error naming the host (never the password) when the server
 * is unreachable. Afterwards a dead server makes each call fail within seconds (the adapters
 * report it as `StorageUnavailable`) instead of hanging on the driver's unbounded defaults.
 *
 * Under load, a call waits at most `waitQueueTimeoutMS` for a pooled connection (nothing has been
 * sent yet, so failing then is unambiguous, for writes too), and a request-path read runs at most
 * `maxTimeMS` on the server: a saturated server answers 503 within about their sum.
 */
export async function connectMongo(uri: string, options: MongoOptions = {}): Promise<MongoStorage> {
  const where = hostsOf(uri);
  const dbName = databaseNameOf(uri);
  let keeper: ClientKeeper;
  try {
    keeper = new ClientKeeper(() => createClient(uri, options), dbName, {
      connectTimeoutMS: CONNECT_TIMEOUT_MS,
      heartbeatFrequencyMS: HEARTBEAT_MS,
      ...(options.onClientReplaced && { onReplace: options.onClientReplaced }),
    });
  } catch (error) {
    throw new Error(`MONGODB_URI is not a valid MongoDB connection string: ${redact(error, uri)}`);
  }
  const client = keeper.client;
  const db = keeper.db;
  setCallDeadline(
    (options.waitQueueTimeoutMS ?? POOL_DEFAULTS.waitQueueTimeoutMS)
      + (options.serverSelectionTimeoutMS ?? POOL_DEFAULTS.serverSelectionTimeoutMS) + SOCKET_TIMEOUT_MS + 1_000,
  );
  try {
    await keeper.connect();
    await db.command({ ping: 1 });
    await checkShardKeys(db);
    await ensureIndexes(db);
    await openEarlierReservations(db);
  } catch (error) {
    // The error below says why the server is unusable; closing a client that never got through fails for the same reason.
    await keeper.close().catch(() => undefined);
    throw new Error(`Cannot use MongoDB at ${where} (database "${dbName}"): ${redact(error, uri)}`);
  }
  const catalogueChanges = new MongoCatalogueChanges(db);
  const maxTimeMS = options.maxTimeMS ?? POOL_DEFAULTS.maxTimeMS;
  const reads = readLimit(maxTimeMS);
  const levels = new StockLevels(db, catalogueChanges);
  const stock = new MongoStock(db, levels);
  const sessionEndings = new MongoSessionEndings(db);
  return {
    description: 'MongoDB',
    durable: true,
    dbName,
    settings: effectiveSettings(client, maxTimeMS),
    users: new MongoUsers(db, reads),
    products: new MongoProducts(db, levels, catalogueChanges, reads),
    shippingOptions: new MongoShippingOptions(db, reads),
    orders: new MongoOrders(db, reads),
    orderEvents: new MongoOrderEvents(db),
    stock,
    stockReservations: stock,
    processedEvents: new MongoProcessedEvents(db),
    rateLimits: new MongoRateLimits(db),
    idempotencyRecords: new MongoIdempotencyRecords(db),
    leases: new MongoLeases(db),
    outbox: new MongoOutbox(db),
    catalogueChanges,
    sessions: new MongoSessions(db, sessionEndings, reads),
    sessionEndings,
    passwordResets: new MongoPasswordResets(db),
    // `false` is the report (GET /health/ready answers 503, shop_ready 0): the calls that need the server log why.
    ping: () => db.command({ ping: 1 }).then(() => true, () => false),
    close: () => {
      catalogueChanges.stop();
      sessionEndings.stop();
      return keeper.close();
    },
  };
}

const URI = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)(?:\/([^?]*))?/;

/** `host:port[,host:port]` without credentials, for messages. */
function hostsOf(uri: string): string {
  return URI.exec(uri)?.[1] || '(unparsable URI)';
}

/** The database named in the URI's path; `shop` when the path is empty. */
export function databaseNameOf(uri: string): string {
  const path = URI.exec(uri)?.[2];
  return path ? decodeURIComponent(path) : DEFAULT_DB_NAME;
}

/** The driver's message (not our StorageUnavailable wrapper's) with the URI's password blanked out. */
function redact(error: unknown, uri: string): string {
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  let message = root instanceof Error ? root.message : String(root);
  const password = /^mongodb(?:\+srv)?:\/\/[^:@/]*:([^@/]*)@/.exec(uri)?.[1];
  if (password) {
    for (const secret of new Set([password, safeDecode(password)])) message = message.split(secret).join('***');
  }
  return message;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoded: the password is blanked out as written
  }
}
