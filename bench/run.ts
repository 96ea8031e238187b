/**
 * `npm run bench [-- --only load,peers,journal,startup,harness] [-- --quick]`
 *
 * - load: each scenario against a raw node:http server answering the very bytes the environment
 *   answered, in the same rounds: req/s as a ratio to raw, and server CPU per request (CPU time of
 *   the server process and its threads ÷ requests answered), the steady figure on a shared machine.
 * - peers: WireMock, Prism, Mockoon and mockttp serving the same SOAP bytes, in the same rounds as
 *   raw and the environment (installed into .bench/peers at bench time).
 * - journal: a file store seeded with 10k / 100k / 1M exchanges; the queries by sender, window,
 *   messageId, a cursor walk; then the environment served on the largest store: the journal API,
 *   SHEP latency while clients page the journal, and RSS.
 * - startup: `kdp-conformance up` from spawn to its first answer, on a fresh and an existing store,
 *   beside `node -e ''` and a bare node:http server in the same rounds (bench/startup.ts).
 * - harness: a full harness run against the reference initiator (bench/harness-run.ts).
 *
 * --quick: 2 s runs, one round, 10k and 100k exchanges. BENCH_DURATION, BENCH_CONNECTIONS,
 * BENCH_ROUNDS and BENCH_JOURNAL_SIZES (comma-separated) override. Results also go to
 * .bench/last.json. Never part of `npm test`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load, serve, type LoadResult, type Served } from './harness.ts';
import { benchHarnessRun } from './harness-run.ts';
import { queryJournal, seedJournal, senderOf, type QueryTimes } from './journal.ts';
import { installPeers, PEER_NAMES, startPeer, type PeerServer } from './peers.ts';
import { cpuMs, rssMb } from './proc.ts';
import { ECHO_PARTS, targetsTable, type TargetInputs } from './targets.ts';
import { scenarios, type BenchSample, type RequestSpec } from './scenarios.ts';
import { measureStartup, startupTable } from './startup.ts';
import type { EnvVariant } from './serve.ts';

const SECTIONS = ['load', 'peers', 'journal', 'startup', 'harness'] as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } },
  strict: true,
});
const only = new Set<Section>(args.only ? (args.only.split(',').map((s) => s.trim()) as Section[]) : [...SECTIONS]);
for (const s of only)
  if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
const quick = args.quick ?? false;
const durationS = Number(process.env.BENCH_DURATION ?? (quick ? 2 : 5));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2)));
const seed = Number(process.env.BENCH_SEED ?? 236);
const journalSizes = (process.env.BENCH_JOURNAL_SIZES ?? (quick ? '10000,100000' : '10000,100000,1000000'))
  .split(',')
  .map(Number);

const out = (line = '') => process.stdout.write(line + '\n');
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const report: Record<string, unknown> = {
  when: new Date().toISOString(),
  cores: cpus().length,
  loadavgAtStart: loadavg(),
  quick,
  durationS,
  rounds,
  connections,
};

interface Target {
  name: string;
  port: number;
  pid: number;
}

interface Figures {
  name: string;
  rps: number;
  ratio: number;
  cpuUsPerReq: number;
  /** The same, round by round: how much the machine moved it during the run. */
  cpuUsPerRound: number[];
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Runs every target in turn, round after round, so that a slow patch of the machine weighs on all alike. */
async function measureRounds(spec: RequestSpec, targets: Target[]): Promise<Figures[]> {
  const common = {
    method: spec.method,
    path: spec.path,
    headers: spec.headers,
    connections,
    ...(spec.body ? { body: spec.body } : {}),
  };
  for (const t of targets) await load({ ...common, port: t.port, durationS: 1 });
  const runs = targets.map(() => [] as { r: LoadResult; cpuUs: number }[]);
  const ratios = targets.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const rps: number[] = [];
    for (const [i, t] of targets.entries()) {
      const before = cpuMs(t.pid);
      const r = await load({ ...common, port: t.port, durationS });
      runs[i]!.push({ r, cpuUs: (cpuMs(t.pid) - before) * 1000 });
      rps.push(r.rps);
    }
    for (const [i] of targets.entries()) ratios[i]!.push(rps[i]! / rps[0]!);
  }
  return targets.map((t, i) => {
    const rs = runs[i]!;
    const total = rs.reduce((a, x) => a + x.r.total, 0);
    return {
      name: t.name,
      rps: mean(rs.map((x) => x.r.rps)),
      ratio: mean(ratios[i]!),
      cpuUsPerReq: rs.reduce((a, x) => a + x.cpuUs, 0) / Math.max(1, total),
      cpuUsPerRound: rs.map((x) => x.cpuUs / Math.max(1, x.r.total)),
      p50: mean(rs.map((x) => x.r.p50)),
      p99: Math.max(...rs.map((x) => x.r.p99)),
      errors: rs.reduce((a, x) => a + x.r.errors, 0),
      non2xx: rs.reduce((a, x) => a + x.r.non2xx, 0),
    };
  });
}

function printFigures(title: string, rows: Figures[], failed: [string, string][] = []): void {
  out(`\n### ${title}\n`);
  // CPU per request as a multiple of raw's in the same rounds: the figure that carries across machines.
  const rawCpu = rows[0]?.cpuUsPerReq ?? NaN;
  out('| server | req/s | ratio to raw | server CPU µs/request | CPU × raw | p50/p99 ms | errors/non-2xx |');
  out('|---|---|---|---|---|---|---|');
  for (const r of rows)
    out(
      `| ${r.name} | ${fmt(r.rps)} | ${fmt(r.ratio, 2)} | ${fmt(r.cpuUsPerReq)} | ${fmt(r.cpuUsPerReq / rawCpu, 1)} | ${fmt(r.p50)}/${fmt(r.p99)} | ${r.errors}/${r.non2xx} |`,
    );
  for (const [name, why] of failed)
    out(`| ${name} | not measured: ${why.replaceAll('|', '/').slice(0, 200)} | | | | | |`);
}

async function firstAnswer(port: number, spec: RequestSpec) {
  const r = await fetch(`http://127.0.0.1:${port}${spec.path}`, {
    method: spec.method,
    headers: spec.headers,
    ...(spec.body ? { body: spec.body() } : {}),
  });
  return { status: r.status, contentType: r.headers.get('content-type') ?? 'text/plain', body: await r.text() };
}

async function loadAndPeers(): Promise<void> {
  const env = await serve({ kind: 'env', seed });
  const sample = env.sample as BenchSample;
  const started: { stop(): Promise<void> }[] = [env];
  try {
    for (const [index, scenario] of scenarios.entries()) {
      const isEcho = index === 0;
      if (!only.has('load') && !(isEcho && only.has('peers'))) continue;
      const spec = scenario.request(sample);
      const first = await firstAnswer(env.port, spec);
      scenario.check(first.status, first.body);
      const raw = await serve({ kind: 'raw', ...first });
      started.push(raw);
      const targets: Target[] = [
        { name: 'raw node:http', port: raw.port, pid: raw.pid },
        { name: 'kdp-conformance', port: env.port, pid: env.pid },
      ];
      const parts: Served[] = [];
      if (isEcho && only.has('load')) {
        // Where the echo's time goes, in the same rounds: the same server without parts of its path.
        for (const [variant, name] of Object.entries(ECHO_PARTS) as [EnvVariant, string][]) {
          const partial = await serve({ kind: 'env', seed, variant });
          started.push(partial);
          parts.push(partial);
          targets.push({ name, port: partial.port, pid: partial.pid });
        }
      }
      const failed: [string, string][] = [];
      const peers: PeerServer[] = [];
      if (isEcho && only.has('peers')) {
        const why = installPeers(out);
        for (const name of PEER_NAMES) {
          if (why) {
            failed.push([name, why]);
            continue;
          }
          try {
            const peer = await startPeer(name, { path: spec.path, ...first }, () => ({
              headers: spec.headers,
              body: spec.body!(),
            }));
            peers.push(peer);
            started.push(peer);
            targets.push({ name: peer.name, port: peer.port, pid: peer.pid });
          } catch (err) {
            failed.push([name, (err as Error).message]);
          }
        }
      }
      out(`… ${scenario.name}: ${targets.map((t) => t.name).join(', ')}`);
      const rows = await measureRounds(spec, targets);
      printFigures(scenario.name, rows, failed);
      report[isEcho ? 'echo' : 'dataService'] = { rows, failed };
      for (const p of peers) await p.stop();
      for (const p of parts) await p.stop();
      await raw.stop();
    }
  } finally {
    for (const s of started.reverse()) await s.stop().catch(() => {});
  }
}

async function journalSection(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kdp-bench-journal-'));
  const file = join(dir, 'environment.db');
  try {
    const rows: { size: number; seedS: number; q: QueryTimes }[] = [];
    let have = 0;
    for (const size of journalSizes) {
      out(`… journal: seeding to ${fmt(size)} exchanges`);
      const seedS = await seedJournal(file, have, size);
      have = size;
      rows.push({ size, seedS, q: await queryJournal(file, size) });
    }
    out('\n### Journal queries (file store, in-process; a query holds the event loop for its whole time)\n');
    out(
      '| exchanges | by sender, first page of 100 (median/max ms) | by sender in the last hour | by messageId | cursor walk of one sender, 1000 per page: pages, slowest, last (ms) | offset 10 000 (old paging) |',
    );
    out('|---|---|---|---|---|---|');
    const mm = (x: { median: number; max: number }) => `${fmt(x.median, 2)} / ${fmt(x.max, 2)}`;
    for (const r of rows)
      out(
        `| ${fmt(r.size)} | ${mm(r.q.firstPage)} | ${mm(r.q.window)} | ${mm(r.q.correlation)} | ${r.q.walk.pages}, ${fmt(r.q.walk.maxPage, 1)}, ${fmt(r.q.walk.lastPage, 1)} | ${mm(r.q.offset10k)} |`,
      );
    out(
      `\n(seeding directly through the store: ${rows.map((r) => `${fmt(r.seedS, 1)} s to ${fmt(r.size)}`).join(', ')})`,
    );
    report.journal = rows;
    await servedOnLargeStore(file, have);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The environment on the largest store: RSS, the journal API, and SHEP while clients page the journal. */
async function servedOnLargeStore(file: string, size: number): Promise<void> {
  out(`… the environment on the store of ${fmt(size)} exchanges`);
  const env: Served = await serve({ kind: 'env', seed, db: file });
  try {
    const sample = env.sample as BenchSample;
    // RSS of the process tree, and the main thread's own view (V8 heap, memory outside it).
    const memoryAt = async () => {
      const m = await env.memory();
      const mb = (n: number) => n / 1024 / 1024;
      return { rss: rssMb(env.pid), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external) };
    };
    const memStart = await memoryAt();
    const api = (q: string) => `http://127.0.0.1:${env.port}/env/api/v1/journal?${q}`;
    const timed = async (url: string) => {
      const t = performance.now();
      const r = await fetch(url);
      await r.arrayBuffer();
      return { ms: performance.now() - t, next: r.headers.get('link')?.match(/^<([^>]+)>/)?.[1] };
    };
    const first: number[] = [];
    for (let i = 0; i < 9; i++) first.push((await timed(api(`sender=${senderOf(3)}&limit=100`))).ms);
    first.sort((a, b) => a - b);
    // One sender's whole journal through the API, by the Link header.
    let url: string | undefined = api(`sender=${senderOf(3)}&limit=1000`);
    let pages = 0;
    let slowest = 0;
    while (url) {
      const r = await timed(url);
      pages++;
      slowest = Math.max(slowest, r.ms);
      url = r.next ? `http://127.0.0.1:${env.port}${r.next}` : undefined;
    }
    const memWalks = await memoryAt();
    // SHEP echo alone, then with four clients paging the journal all the time.
    const spec = scenarios[0]!.request(sample);
    const shep = { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body!, connections };
    await load({ ...shep, port: env.port, durationS: 1 });
    await env.loopDelay(true);
    const alone = await load({ ...shep, port: env.port, durationS });
    const loopAlone = await env.loopDelay(true);
    let paging = true;
    const readers = Array.from({ length: 4 }, async (_, k) => {
      let u: string | undefined;
      while (paging) {
        const r = await timed(u ?? api(`sender=${senderOf(10 + k)}&limit=1000`));
        u = r.next ? `http://127.0.0.1:${env.port}${r.next}` : undefined;
      }
    });
    const withReaders = await load({ ...shep, port: env.port, durationS });
    const loopWithReaders = await env.loopDelay(true);
    paging = false;
    await Promise.all(readers);
    const memLoads = await memoryAt();
    out(`\n### The environment on a file store of ${fmt(size)} exchanges\n`);
    out('| measure | value |');
    out('|---|---|');
    out(`| journal API, one sender's first page of 100 (median of 9, ms, loopback) | ${fmt(first[4]!, 1)} |`);
    out(
      `| journal API, one sender's whole journal by Link: pages of 1000, slowest page (ms) | ${pages}, ${fmt(slowest, 1)} |`,
    );
    out(`| SHEP echo alone: req/s, p50/p99 ms | ${fmt(alone.rps)}, ${alone.p50}/${alone.p99} |`);
    out(
      `| SHEP echo while 4 clients page the journal: req/s, p50/p99 ms | ${fmt(withReaders.rps)}, ${withReaders.p50}/${withReaders.p99} |`,
    );
    out(
      `| the server's event loop, late (wall ms, p50/p99/max; includes waiting for a core): SHEP alone / with the 4 readers | ${[loopAlone, loopWithReaders].map((d) => `${fmt(d.p50, 1)}/${fmt(d.p99, 1)}/${fmt(d.max, 1)}`).join(' / ')} |`,
    );
    out(
      `| the server's event loop, held by its own work (main-thread CPU ms between turns, p99/max): SHEP alone / with the 4 readers | ${[loopAlone, loopWithReaders].map((d) => `${fmt(d.heldP99, 1)}/${fmt(d.heldMax, 1)}`).join(' / ')} |`,
    );
    const mems = [memStart, memWalks, memLoads];
    out(
      `| RSS of the server at start / after the walks / after the loads (MB) | ${mems.map((m) => fmt(m.rss)).join(' / ')} |`,
    );
    out(
      `| the same points: V8 heap used of total, and external (MB) | ${mems.map((m) => `${fmt(m.heapUsed)} of ${fmt(m.heapTotal)}, ${fmt(m.external)}`).join(' / ')} |`,
    );
    report.largeStore = {
      size,
      memory: { start: memStart, walks: memWalks, loads: memLoads },
      firstPageMs: first[4],
      pages,
      slowest,
      alone,
      withReaders,
      loopAlone,
      loopWithReaders,
    };
  } finally {
    await env.stop();
  }
}

async function startupSection(): Promise<void> {
  const rounds = Math.max(5, Number(process.env.BENCH_STARTUP_ROUNDS ?? (quick ? 5 : 9)));
  const { figures, build } = await measureStartup(rounds);
  for (const line of startupTable(figures, rounds, build, (n) => fmt(n))) out(line);
  report.startup = { rounds, build, figures };
}

async function main(): Promise<void> {
  out(
    `kdp-conformance bench${quick ? ' (quick)' : ''}: ${[...only].join(', ')}; ${rounds} round(s) of ${durationS} s per server, ${connections} connections, loopback, ${process.env.BENCH_DB === 'memory' ? 'in-memory' : 'file'} store; ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (only.has('load') || only.has('peers')) await loadAndPeers();
  if (only.has('journal')) await journalSection();
  if (only.has('startup')) await startupSection();
  // The harness's own job, end to end (BENCH_HARNESS=0 leaves it out).
  if (only.has('harness') && process.env.BENCH_HARNESS !== '0') await benchHarnessRun();
  for (const line of targetsTable(report as TargetInputs)) out(line);
  report.loadavgAtEnd = loadavg();
  mkdirSync('.bench', { recursive: true });
  writeFileSync('.bench/last.json', JSON.stringify(report, null, 2));
  out(
    `\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; figures in .bench/last.json`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
