import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, symlink, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireService } from '../support/ci.js';
import { freePort } from '../support/spawn-service.js';

/**
 * The README's quick start, word for word, as a newcomer runs it: `cp .env.example .env`, another
 * PORT in it, `npm start`, then the README's own shell blocks (curl and jq, then newman with the
 * demo admin's password from the banner). Only `localhost:3000` becomes the port chosen, and the
 * banner's password fills the placeholder. `npm install` is taken as done: node_modules is linked.
 */
const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const tools = requireService({
  name: 'curl and jq', available: await run('sh', ['-c', 'command -v curl && command -v jq']).then(() => true, () => false),
  hint: 'apt-get install curl jq', skips: 'the README quick start run',
});

/** The ```sh blocks of the README section `heading`, in order. */
async function shellBlocks(heading: string): Promise<string[]> {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
}

describe.skipIf(!tools)('the README quick start, after cp .env.example .env with another PORT', () => {
  let dir: string;
  let port: number;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quick-start-'));
    for (const entry of ['src', 'package.json', 'tsconfig.json', 'Postman_Collection.json']) await symlink(join(REPO, entry), join(dir, entry));
    await symlink(await realpath(join(REPO, 'node_modules')), join(dir, 'node_modules'));
    await copyFile(join(REPO, '.env.example'), join(dir, '.env.example'));
    port = await freePort();
    await run('bash', ['-c', `cp .env.example .env && sed -i 's/^PORT=3000$/PORT=${port}/' .env && grep -q '^PORT=${port}$' .env`], { cwd: dir });

    const [start] = await shellBlocks('Quick start');
    expect(start).toBe('npm install && npm start');
    // A newcomer's shell: none of the test runner's variables (NODE_ENV=test among them).
    child = spawn('npm', ['start'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? dir }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 30_000;
    while (!/demo admin: .+ \/ \S+/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 40_000);

  afterAll(async () => {
    // npm runs the service as its child: end the process group this test started.
    if (child?.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const sh = async (script: string) =>
    (await run('bash', ['-euo', 'pipefail', '-c', script.replaceAll('localhost:3000', `localhost:${port}`)], { cwd: dir, timeout: 60_000 })).stdout;

  it('starts on that port, says so, and warns about nothing the example does not set', () => {
    expect(output).toContain(`Shop API listening on http://localhost:${port}/api`);
    expect(output).toContain(`payments: local checkout pages (http://localhost:${port}/checkout/local/…)`);
    expect(output).not.toContain('localhost:3000');
    expect(output).not.toMatch(/RATE_LIMITS/);
  });

  it("runs the README's Try it block: an order whose checkoutUrl is on that port", async () => {
    const tryIt = (await shellBlocks('Quick start')).find((block) => block.includes('curl'));
    expect(tryIt).toBeDefined();
    const checkoutUrl = JSON.parse((await sh(tryIt!)).trim()) as unknown;
    expect(checkoutUrl).toEqual(expect.stringMatching(new RegExp(`^http://localhost:${port}/checkout/local/lcs_`)));
    const page = await fetch(String(checkoutUrl));
    expect(page.status).toBe(200);
  });

  it('runs the Postman collection with newman as the README says, with the demo admin password from the banner', async () => {
    const newman = (await shellBlocks('Quick start')).find((block) => block.includes('newman run'));
    expect(newman).toBeDefined();
    const password = /demo admin: \S+ \/ (\S+)/.exec(output)![1]!;
    expect(newman).toContain('<demo admin password>');
    const out = await sh(newman!.replaceAll('<demo admin password>', password));
    expect(out).toMatch(/Refund the order \(admin\)/);
    expect(out).not.toMatch(/AssertionError|failure/i);
  }, 60_000);
});
