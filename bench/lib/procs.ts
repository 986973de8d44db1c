import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The server side runs on core 1, the load generator on core 0, when `taskset` exists and there are 2+ cores. */
export const pinning: { server: string[]; enabled: boolean } = (() => {
  const has = process.env['BENCH_PIN'] !== 'off' && spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  const cores = Number(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)?.length ?? 1);
  return has && cores >= 2 ? { server: ['taskset', '-c', '1'], enabled: true } : { server: [], enabled: false };
})();

/** Pins this process (the load generator) and all its threads to core 0. */
export function pinLoadGenerator(): void {
  if (pinning.enabled) spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
}

export type Proc = Readonly<{
  name: string;
  child: ChildProcess;
  pid: number;
  /** Milliseconds from spawn to the first 200 of the readiness URL. */
  startupMs: number;
  rssBytes(): number;
  stop(): Promise<void>;
}>;

/** `node --import tsx <script>` (what `npm start` runs, without the tsx CLI wrapper), pinned to the server core. */
export async function startNode(name: string, script: string, options: {
  env: NodeJS.ProcessEnv; readyUrl: string; logFile: string; nodeArgs?: string[];
}): Promise<Proc> {
  const argv = [...pinning.server, process.execPath, '--import', 'tsx', ...(options.nodeArgs ?? []), script];
  const out = openSync(options.logFile, 'a');
  const started = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), { env: options.env, stdio: ['ignore', out, out] });
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = started + 30_000;
  for (;;) {
    if (exited) throw new Error(`${name} exited during startup; see ${options.logFile}`);
    if (performance.now() > deadline) { child.kill('SIGKILL'); throw new Error(`${name} not ready after 30 s; see ${options.logFile}`); }
    const ok = await fetch(options.readyUrl).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(10);
  }
  const startupMs = performance.now() - started;
  const pid = child.pid!;
  return {
    name, child, pid, startupMs,
    rssBytes: () => rssOf(pid),
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Runs a script to completion on the server core and parses the last line of its stdout as JSON. */
export function runNodeJson<T>(script: string, env: NodeJS.ProcessEnv): Promise<T> {
  const argv = [...pinning.server, process.execPath, '--import', 'tsx', script];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${script} exited with ${code}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

export function rssOf(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU ticks (user + system) per command name across every process, from /proc. */
export function cpuTicksByCommand(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]);
      ticks.set(comm, (ticks.get(comm) ?? 0) + used);
    } catch {
      // the process ended while we read it
    }
  }
  return ticks;
}
