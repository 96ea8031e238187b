/**
 * `npm run bench`: each scenario is measured against a raw node:http server that answers the very
 * bytes the environment answered, in the same run, on loopback. Results are ratios, so the figures
 * mean the same on a laptop and on a 2-core CI box.
 *
 * BENCH_DURATION (s, default 5), BENCH_CONNECTIONS (default 10) and BENCH_ROUNDS (default 2) tune
 * the load; BENCH_DB=memory runs the environment on an in-memory store instead of a file.
 * Baseline and environment runs alternate, round after round, so that a slow patch of the machine
 * weighs on both alike; the figures are the means over the rounds (p99: the worst round).
 */
import { load, serve, type LoadResult, type Served } from './harness.ts';
import { benchHarnessRun } from './harness-run.ts';
import { scenarios, type BenchSample, type Scenario } from './scenarios.ts';

const durationS = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const seed = Number(process.env.BENCH_SEED ?? 236);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
/** The target the issue sets: the environment keeps at least half of the raw baseline's throughput. */
const TARGET_RATIO = 0.5;

interface Row {
  scenario: string;
  raw: LoadResult;
  env: LoadResult;
  ratio: number;
}

async function measure(scenario: Scenario, env: Served, sample: BenchSample): Promise<Row> {
  const spec = scenario.request(sample);
  // One request first: it proves the scenario works and gives the bytes the baseline will answer.
  const first = await fetch(`http://127.0.0.1:${env.port}${spec.path}`, {
    method: spec.method,
    headers: spec.headers,
    ...(spec.body ? { body: spec.body() } : {}),
  });
  const firstBody = await first.text();
  scenario.check(first.status, firstBody);
  const raw = await serve({
    kind: 'raw',
    status: first.status,
    contentType: first.headers.get('content-type') ?? 'text/plain',
    body: firstBody,
  });
  try {
    const common = {
      method: spec.method,
      path: spec.path,
      headers: spec.headers,
      durationS,
      connections,
      ...(spec.body ? { body: spec.body } : {}),
    };
    // Warm both up briefly so JIT and connection setup do not count against either.
    await load({ ...common, port: raw.port, durationS: 1 });
    await load({ ...common, port: env.port, durationS: 1 });
    const raws: LoadResult[] = [];
    const envs: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      raws.push(await load({ ...common, port: raw.port }));
      envs.push(await load({ ...common, port: env.port }));
    }
    const rawResult = combine(raws);
    const envResult = combine(envs);
    return { scenario: scenario.name, raw: rawResult, env: envResult, ratio: envResult.rps / rawResult.rps };
  } finally {
    await raw.stop();
  }
}

function combine(runs: LoadResult[]): LoadResult {
  const mean = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  return {
    rps: mean((r) => r.rps),
    p50: Math.round(mean((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
  };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  process.stdout.write(
    `kdp-conformance bench: ${rounds} rounds of ${durationS}s per side, ${connections} connections, loopback, ${process.env.BENCH_DB === 'memory' ? 'in-memory' : 'file'} store; baseline = raw node:http answering the same bytes\n\n`,
  );
  const env = await serve({ kind: 'env', seed });
  const sample = env.sample as BenchSample;
  const rows: Row[] = [];
  try {
    for (const s of scenarios) {
      process.stdout.write(`… ${s.name}\n`);
      rows.push(await measure(s, env, sample));
    }
  } finally {
    await env.stop();
  }
  process.stdout.write(
    '\n| scenario | baseline req/s | env req/s | ratio | baseline p50/p99 ms | env p50/p99 ms | env errors/non-2xx |\n|---|---|---|---|---|---|---|\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.scenario} | ${fmt(r.raw.rps)} | ${fmt(r.env.rps)} | ${fmt(r.ratio, 2)} | ${r.raw.p50}/${r.raw.p99} | ${r.env.p50}/${r.env.p99} | ${r.env.errors}/${r.env.non2xx} |\n`,
    );
  }
  const below = rows.filter((r) => r.ratio < TARGET_RATIO);
  process.stdout.write(
    below.length
      ? `\nBelow the ${TARGET_RATIO} target: ${below.map((r) => r.scenario).join(', ')}\n`
      : `\nEvery scenario at or above ${TARGET_RATIO} of its baseline.\n`,
  );
  // The harness's own job, end to end (BENCH_HARNESS=0 leaves it out).
  if (process.env.BENCH_HARNESS !== '0') await benchHarnessRun();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
