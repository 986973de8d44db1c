/**
 * Writes Postman_Collection.json from the OpenAPI document the app serves.
 *   npm run postman:generate   rewrite it
 *   npm run postman:check      exit 1 if the committed file is out of date (same as postman:generate -- --check)
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { compose } from '../src/boot/compose.js';
import { loadConfig } from '../src/boot/config.js';
import { COLLECTION_FILE, collectionJson } from './postman-collection.js';

async function servedDocument(): Promise<unknown> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const server = compose(config, pino({ level: 'silent' })).app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    return await res.json();
  } finally {
    server.close();
  }
}

const file = new URL(`../${COLLECTION_FILE}`, import.meta.url);
const generated = collectionJson(await servedDocument());

if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== generated) {
    process.stderr.write(`${COLLECTION_FILE} is out of date with the OpenAPI document: run npm run postman:generate and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write(`${COLLECTION_FILE} is up to date.\n`);
} else {
  await writeFile(file, generated);
  process.stdout.write(`Wrote ${COLLECTION_FILE}.\n`);
}
