import type { Collection, Db, MongoClient } from 'mongodb';

export type KeeperOptions = Readonly<{
  /** The driver's `connectTimeoutMS`: a server check ends within about twice this. */
  connectTimeoutMS: number;
  /** The driver's `heartbeatFrequencyMS`: an awaited (streaming) check may wait this long for news. */
  heartbeatFrequencyMS: number;
  /** How often the checks are looked at. */
  everyMs?: number;
  /** Told when a client is replaced, and why. */
  onReplace?: (reason: string) => void;
}>;

/**
 * Keeps the adapters on a MongoClient that can still recover: `db` has a stable identity (the
 * adapters keep it and its collections), and every call through it goes to the current client.
 *
 * Why: the driver's server monitor (mongodb 7.9, and its main branch) can hang for good. A check
 * that writes to a socket the network has just cut waits for a `drain` event that a destroyed
 * socket never emits (`Connection.writeCommand`), so the monitor never checks again, the server
 * stays Unknown, and every call fails server selection until the process restarts (reproduced by
 * `tests/e2e/storage-cuts.test.ts`: in about half the runs one of two instances stayed down). A
 * check normally ends within its socket timeout; one outstanding far longer means the monitor is
 * stuck, and the keeper replaces the client (the old one is closed; calls caught in it fail as
 * storage being unavailable, and the storage calls' own deadline frees any stuck with it).
 */
export class ClientKeeper {
  readonly db: Db;
  private current: MongoClient;
  private collections = new Map<string, Collection>();
  /** Checks under way, by server: when each started, and whether it may wait for news (streaming). */
  private readonly started = new Map<string, { at: number; awaited: boolean }>();
  private readonly timer: NodeJS.Timeout;
  private replacing = false;
  private closed = false;
  /** How many times the client was replaced. */
  replaced = 0;

  constructor(
    private readonly make: () => MongoClient,
    private readonly dbName: string,
    private readonly options: KeeperOptions,
  ) {
    this.current = this.watch(make());
    this.db = this.facade();
    this.timer = setInterval(() => this.check(), options.everyMs ?? 1_000);
    this.timer.unref();
  }

  get client(): MongoClient {
    return this.current;
  }

  async connect(): Promise<void> {
    await this.current.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.current.close();
  }

  /** Replaces the client now (what `check` does when the monitor is stuck). */
  async replace(reason: string): Promise<void> {
    if (this.replacing || this.closed) return;
    this.replacing = true;
    const old = this.current;
    try {
      this.current = this.watch(this.make());
      this.collections = new Map();
      this.started.clear();
      this.replaced += 1;
      this.options.onReplace?.(reason);
      // The new client connects on its first call; the old one's monitors and pool go now.
      await old.close().catch(() => undefined);
    } finally {
      this.replacing = false;
    }
  }

  private check(): void {
    const now = performance.now();
    for (const [server, { at, awaited }] of this.started) {
      if (now - at > this.limit(awaited)) {
        void this.replace(`the driver's check of ${server} has not ended after ${Math.round(now - at)} ms`);
        return;
      }
    }
  }

  /**
   * A polling check ends within its socket timeout (a new connection: connecting, then the
   * handshake, each within `connectTimeoutMS`); an awaited one (a replica set's streaming
   * protocol) may first wait a heartbeat period for news. Anything much longer is stuck.
   */
  private limit(awaited: boolean): number {
    return (awaited ? this.options.heartbeatFrequencyMS : 0) + 2 * this.options.connectTimeoutMS + 2_000;
  }

  private watch(client: MongoClient): MongoClient {
    const mine = () => client === this.current;
    client.on('serverHeartbeatStarted', (e) => { if (mine()) this.started.set(e.connectionId, { at: performance.now(), awaited: e.awaited }); });
    client.on('serverHeartbeatSucceeded', (e) => { if (mine()) this.started.delete(e.connectionId); });
    client.on('serverHeartbeatFailed', (e) => { if (mine()) this.started.delete(e.connectionId); });
    client.on('serverClosed', (e) => { if (mine()) this.started.delete(e.address); });
    return client;
  }

  private collection(name: string): Collection {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = this.current.db(this.dbName).collection(name);
      this.collections.set(name, collection);
    }
    return collection;
  }

  /** A `Db` whose collections (and commands) always reach the current client. */
  private facade(): Db {
    const forward = (target: () => object) => new Proxy({}, {
      get: (_, property) => {
        const object = target();
        const value = Reflect.get(object, property, object) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      },
    });
    const db = forward(() => this.current.db(this.dbName)) as Db;
    return new Proxy(db, {
      get: (target, property, receiver) =>
        property === 'collection' ? (name: string) => forward(() => this.collection(name)) : Reflect.get(target, property, receiver),
    });
  }
}
