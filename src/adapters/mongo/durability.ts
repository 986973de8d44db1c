import { MongoClient, type MongoClientOptions } from 'mongodb';

/**
 * What every client of the service asks for, whatever the URI says (client options override the
 * URI's): a write is acknowledged once a majority has it on disk, so a failover cannot roll back a
 * 200 already sent; every read goes to the primary, so a guard's read-then-insert never reads a
 * lagging secondary.
 */
export const PINNED = {
  // Both spellings: the driver merges the URI's `journal=false` in as `j`, and `j` wins over `journal`.
  writeConcern: { w: 'majority', j: true, journal: true },
  readPreference: 'primary',
} as const satisfies MongoClientOptions;

/** A URI setting that asks for less than the service needs. `refused`: a start-up error in production. */
export type WeakSetting = Readonly<{ setting: string; refused: boolean; why: string }>;

/**
 * The settings of `uri` weaker than the service's (the driver's own parsing, so case and aliases
 * are as the driver reads them). `[]` for a URI the driver cannot parse: connecting reports that.
 * Everything listed is overridden by `PINNED` anyway, except `retryWrites`/`retryReads`, which are
 * respected (some MongoDB-compatible services require them off).
 */
export function weakerSettings(uri: string): WeakSetting[] {
  let options: MongoClient['options'];
  try {
    options = new MongoClient(uri).options; // parses only: nothing connects until connect()
  } catch {
    return [];
  }
  const weak: WeakSetting[] = [];
  const w = options.writeConcern?.w;
  if (w === 0 || w === 1) {
    weak.push({ setting: `w=${w}`, refused: true, why: 'a failover can roll back a write already acknowledged (the service pins w=majority)' });
  } else if (w !== undefined && w !== 'majority') {
    weak.push({ setting: `w=${w}`, refused: false, why: 'overridden: the service pins w=majority' });
  }
  if (options.writeConcern?.journal === false) {
    weak.push({ setting: 'journal=false', refused: true, why: 'an acknowledged write may not be on disk (the service pins journal=true)' });
  }
  const mode = options.readPreference?.mode;
  if (mode && mode !== 'primary') {
    weak.push({ setting: `readPreference=${mode}`, refused: true, why: "the guards' read-then-insert must read the primary (the service pins primary)" });
  }
  if (options.retryWrites === false) {
    weak.push({ setting: 'retryWrites=false', refused: false, why: 'a write cut by a failover is not retried by the driver; the request answers 503 instead' });
  }
  if (options.retryReads === false) {
    weak.push({ setting: 'retryReads=false', refused: false, why: 'a read cut by a failover is not retried by the driver; the request answers 503 instead' });
  }
  return weak;
}

/** What a client actually uses, for the start-up log (never the URI: it may hold a password). */
export function effectiveSettings(client: MongoClient, maxTimeMS: number): Record<string, unknown> {
  const o = client.options;
  return {
    hosts: o.hosts.map(String),
    writeConcern: { w: o.writeConcern?.w, journal: o.writeConcern?.journal, wtimeoutMS: o.writeConcern?.wtimeoutMS },
    readPreference: o.readPreference.mode,
    readConcern: o.readConcern?.level ?? 'server default',
    retryWrites: o.retryWrites,
    retryReads: o.retryReads,
    serverSelectionTimeoutMS: o.serverSelectionTimeoutMS,
    connectTimeoutMS: o.connectTimeoutMS,
    socketTimeoutMS: o.socketTimeoutMS,
    heartbeatFrequencyMS: o.heartbeatFrequencyMS,
    maxPoolSize: o.maxPoolSize,
    waitQueueTimeoutMS: o.waitQueueTimeoutMS,
    maxTimeMS,
  };
}
