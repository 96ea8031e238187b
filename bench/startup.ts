/**
 * The start-up section of the bench: `kdp-conformance up` spawned until its first answer of
 * /env/api/v1/health, beside two baselines measured in the same rounds — `node -e ''` (spawn to exit)
 * and a bare node:http server (spawn to its first answer) — so that the figures also read as ratios
 * on a machine of any speed. Variants show where the time goes: without the bundle (the dist/ tree
 * loaded module by module) and without V8's compile cache.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBuildCurrent } from '../scripts/build-state.mjs';
import { freePort } from './peers.ts';
import { cpuMs, TICK_MS } from './proc.ts';

export interface StartRun {
  /** Spawn to the first 200 (or to exit, for `node -e`). */
  wallMs: number;
  /** CPU time (user + system) of the process until then. */
  cpuMs: number;
  /** `up`'s own "started in" figure: createEnvironment to listening. */
  reported?: number;
}

export interface StartupFigures {
  name: string;
  runs: StartRun[];
  wallMs: number;
  cpuMs: number;
  reported?: number;
}

const HEALTH = '/env/api/v1/health';

/** CPU of this process's reaped children, from /proc/self/stat (cutime + cstime). */
function childrenCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * TICK_MS;
}

async function exitOf(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => child.once('exit', () => done()));
}

/** `node -e ''`: the floor of any start (node's own bootstrap and exit). */
async function emptyNode(): Promise<StartRun> {
  const before = childrenCpuMs();
  const t = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await exitOf(child);
  const wallMs = performance.now() - t;
  return { wallMs, cpuMs: childrenCpuMs() - before };
}

/** Spawns a server and polls until `path` answers 200; then stops it. */
async function firstAnswer(args: string[], env: NodeJS.ProcessEnv, port: number, path: string): Promise<StartRun> {
  const t = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${args.join(' ')} exited (${child.exitCode}): ${stderr.slice(0, 500)}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}${path}`);
        await r.arrayBuffer();
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const wallMs = performance.now() - t;
    // CPU the process spent to get there: on a busy machine wall time is mostly waiting for a core.
    const cpu = cpuMs(child.pid!);
    if (!/ ready at /.test(stdout)) await new Promise((r) => setTimeout(r, 50));
    const reported = stdout.match(/started in (\d+) ms/)?.[1];
    return { wallMs, cpuMs: cpu, ...(reported ? { reported: Number(reported) } : {}) };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exitOf(child);
  }
}

const BARE_HTTP = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')`;

async function bareHttp(): Promise<StartRun> {
  const port = await freePort();
  return firstAnswer(['-e', BARE_HTTP, String(port)], process.env, port, '/');
}

async function up(db: string, o: { entry?: string; noCompileCache?: boolean } = {}): Promise<StartRun> {
  const port = await freePort();
  const env = { ...process.env };
  if (o.noCompileCache) env.NODE_DISABLE_COMPILE_CACHE = '1';
  return firstAnswer(
    [o.entry ?? 'bin/kdp-conformance.js', 'up', '--port', String(port), '--db', db],
    env,
    port,
    HEALTH,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Every variant once per round, round after round, so that a slow patch of the machine weighs on
 * all alike; medians of `rounds` runs. A first `up` (not counted) fills the compile cache after a build.
 */
export async function measureStartup(rounds: number): Promise<{ figures: StartupFigures[]; build: string }> {
  const build = isBuildCurrent()
    ? 'the build (dist/bundle/cli.js)'
    : 'the TypeScript source through tsx (dist/ is stale: npm run build)';
  const dir = mkdtempSync(join(tmpdir(), 'kdp-bench-startup-'));
  try {
    const existing = join(dir, 'existing.db');
    await up(existing);
    let fresh = 0;
    const freshDb = () => {
      const d = join(dir, `fresh-${fresh++}`);
      mkdirSync(d);
      return join(d, 'environment.db');
    };
    const variants: { name: string; run: () => Promise<StartRun> }[] = [
      { name: "node -e '' (spawn to exit)", run: emptyNode },
      { name: 'bare node:http server (spawn to first answer)', run: bareHttp },
      { name: 'up, existing store', run: () => up(existing) },
      { name: 'up, fresh store (new file)', run: () => up(freshDb()) },
      { name: 'up, existing store, no compile cache', run: () => up(existing, { noCompileCache: true }) },
      {
        name: 'up, existing store, dist/ tree without the bundle',
        run: () => up(existing, { entry: 'dist/bin/cli.js' }),
      },
    ];
    const runs = variants.map(() => [] as StartRun[]);
    for (let round = 0; round < rounds; round++) {
      for (const [i, v] of variants.entries()) runs[i]!.push(await v.run());
    }
    const figures = variants.map((v, i) => {
      const rs = runs[i]!;
      const reported = rs.filter((r) => r.reported !== undefined).map((r) => r.reported!);
      return {
        name: v.name,
        runs: rs,
        wallMs: median(rs.map((r) => r.wallMs)),
        cpuMs: median(rs.map((r) => r.cpuMs)),
        ...(reported.length ? { reported: median(reported) } : {}),
      };
    });
    return { figures, build };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The section's Markdown: one table, ratios to the two baselines of the same rounds. */
export function startupTable(
  figures: StartupFigures[],
  rounds: number,
  build: string,
  fmt: (n: number) => string,
): string[] {
  const [node, http] = figures;
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : '—');
  const lines = [
    `\n### Start-up of \`kdp-conformance up\` (spawn to the first answer of ${HEALTH}; median of ${rounds}, variants alternating; ${build})\n`,
    '| what | first answer (ms) | CPU until then (ms) | wall × node -e | wall × bare http | CPU × bare http | in the environment, as `up` reports (ms) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const f of figures)
    lines.push(
      `| ${f.name} | ${fmt(f.wallMs)} | ${fmt(f.cpuMs)} | ${ratio(f.wallMs, node!.wallMs)} | ${ratio(f.wallMs, http!.wallMs)} | ${ratio(f.cpuMs, http!.cpuMs)} | ${f.reported !== undefined ? fmt(f.reported) : '—'} |`,
    );
  const existing = figures.find((f) => f.name === 'up, existing store')!;
  const fresh = figures.find((f) => f.name === 'up, fresh store (new file)')!;
  lines.push(
    '',
    `Targets: existing store < 300 ms (${fmt(existing.wallMs)}: ${existing.wallMs < 300 ? 'met' : 'not met'}), fresh store < 500 ms (${fmt(fresh.wallMs)}: ${fresh.wallMs < 500 ? 'met' : 'not met'}). CPU is read from /proc in clock ticks of ${TICK_MS} ms.`,
  );
  return lines;
}
