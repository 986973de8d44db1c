import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
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
  /** Where the script's tree is (another checkout, to compare with); this one when absent. */
  cwd?: string;
}): Promise<Proc> {
  const argv = [...pinning.server, process.execPath, '--import', 'tsx', ...(options.nodeArgs ?? []), script];
  const out = openSync(options.logFile, 'a');
  const started = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), { env: options.env, stdio: ['ignore', out, out], ...(options.cwd && { cwd: options.cwd }) });
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

/**
 * A process's CPU so far, from `/proc/<pid>/stat`: its own user + system ticks, those of the
 * children it reaped (PostgreSQL backends that ended), its parent and command; `null` once it is gone.
 */
export function cpuOf(pid: number): { ppid: number; comm: string; ticks: number; reaped: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/** User + system CPU ticks of one process (0 once it is gone). */
export const cpuTicksOf = (pid: number): number => cpuOf(pid)?.ticks ?? 0;

/** CPU ticks (user + system) per command name across every process, from /proc. */
export function cpuTicksByCommand(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = cpuOf(Number(entry)); // null: the process ended while we read it
    if (cpu) ticks.set(cpu.comm, (ticks.get(cpu.comm) ?? 0) + cpu.ticks);
  }
  return ticks;
}

/**
 * The processes behind a `mongodb://host:port` URI on this machine: whoever listens on the port
 * (FerretDB), and, if its command line names a `--postgresql-url`, the PostgreSQL server listening
 * there with all its children (the backends). Empty when none is local or /proc is not readable.
 */
export function databaseProcesses(uri: string, servicePid?: number) {
  const port = Number(/^mongodb:\/\/[^/]*:(\d+)/.exec(uri)?.[1] ?? 27017);
  const server = listenerOf(port);
  const pgPort = server ? /--postgresql-url=\S*:(\d+)\//.exec(readFileSync(`/proc/${server}/cmdline`, 'utf8').replace(/\0/g, ' '))?.[1] : undefined;
  const postmaster = pgPort ? listenerOf(Number(pgPort)) : null;
  return {
    pids: { ferretdb: server, postgres: postmaster, service: servicePid ?? null },
    /** CPU ticks so far: the service, FerretDB, and PostgreSQL (the postmaster and all its children). */
    ticks(): Record<string, number> {
      const out: Record<string, number> = {};
      if (servicePid) out['service'] = cpuTicksOf(servicePid);
      if (server) out['ferretdb'] = cpuTicksOf(server);
      if (postmaster) {
        const main = cpuOf(postmaster);
        let sum = (main?.ticks ?? 0) + (main?.reaped ?? 0);
        for (const entry of readdirSync('/proc')) {
          if (!/^\d+$/.test(entry)) continue;
          const p = cpuOf(Number(entry));
          if (p && p.ppid === postmaster) sum += p.ticks;
        }
        out['postgres'] = sum;
      }
      return out;
    },
  };
}

/** The pid listening on 127.0.0.1/0.0.0.0:`port` (from /proc/net/tcp and the processes' fds). */
function listenerOf(port: number): number | null {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]!);
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}
