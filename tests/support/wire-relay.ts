import { type AddressInfo, type Server, type Socket, createConnection, createServer } from 'node:net';
import { BSON, type Document } from 'mongodb';

/**
 * A TCP relay in front of a single-host `mongodb://` server that can hold the server's replies
 * (`stall`/`resume`, like a server too busy to answer) and reads the commands going through it.
 */
export async function wireRelay(uri: string) {
  const target = /^mongodb:\/\/(?:[^@/]*@)?([^:/?,]+):(\d+)/.exec(uri);
  if (!target) throw new Error('the relay needs a single-host mongodb:// URI');
  const sockets = new Set<Socket>();
  const held: [Socket, Buffer][] = [];
  const commands: Document[] = [];
  const watchers = new Set<() => void>();
  let stalled = false;

  const server: Server = createServer((client) => {
    const upstream = createConnection(Number(target[2]), target[1]!);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined).on('close', () => sockets.delete(s));
    }
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (pending.length < 4) break;
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const command = opMsgBody(message);
        if (command) commands.push(command);
      }
      for (const watcher of watchers) watcher();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (stalled) held.push([client, chunk]);
      else client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    uri: (dbName: string) => `mongodb://127.0.0.1:${port}/${dbName}?directConnection=true`,
    /** Every command sent so far, in order (the first section of each OP_MSG). */
    commands,
    /** Replies are held from now on; requests still reach the server. */
    stall() {
      stalled = true;
    },
    /** Delivers the held replies, in order, and relays again. */
    resume() {
      stalled = false;
      for (const [socket, chunk] of held.splice(0)) socket.write(chunk);
    },
    /** Cuts every connection going through (as a network partition or a failover does); new ones are relayed. */
    cut() {
      for (const s of sockets) s.destroy();
    },
    /** Connections open through the relay now (each counted on both sides). */
    open: () => sockets.size / 2,
    /** Resolves once a command sent after this call satisfies `test`. */
    nextCommand(test: (command: Document) => boolean): Promise<Document> {
      let seen = commands.length;
      return new Promise((resolve) => {
        const watcher = () => {
          for (; seen < commands.length; seen++) {
            if (!test(commands[seen]!)) continue;
            watchers.delete(watcher);
            resolve(commands[seen]!);
            return;
          }
        };
        watchers.add(watcher);
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const OP_MSG = 2013;

/** The body (kind-0 section) of an uncompressed OP_MSG; `null` for anything else. */
function opMsgBody(message: Buffer): Document | null {
  if (message.length < 21 || message.readInt32LE(12) !== OP_MSG || message[20] !== 0) return null;
  const size = message.readInt32LE(21);
  return BSON.deserialize(message.subarray(21, 21 + size));
}
