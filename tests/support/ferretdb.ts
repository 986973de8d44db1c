import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireService } from './ci.js';
import { freePort } from './spawn-service.js';

/** The FerretDB binary scripts/test-services.sh builds; FERRETDB_BIN overrides. */
export const FERRETDB_BIN = process.env['FERRETDB_BIN'] ?? join(homedir(), '.cache/shop-api-tools/ferretdb');
export const ferretdbAvailable = existsSync(FERRETDB_BIN);

requireService({ name: `FerretDB (${FERRETDB_BIN})`, available: ferretdbAvailable, hint: 'scripts/test-services.sh install, or set FERRETDB_BIN', skips: 'storage fault tests' });

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1').once('connect', () => { socket.destroy(); resolve(true); }).once('error', () => resolve(false));
  });

/** A FerretDB of the test's own, to stop and start mid-test. Same port and data across restarts. */
export async function ownFerretdb() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ferretdb-'));
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn(FERRETDB_BIN, [
      '--handler=sqlite', `--sqlite-url=file:${dir}/`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-', '--telemetry=disable', '--log-level=error',
    ], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 100));
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    uri: `mongodb://127.0.0.1:${port}/shop`,
    /** The running server's process id (for its CPU time). */
    pid: () => (child as ChildProcess | null)?.pid ?? 0,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
