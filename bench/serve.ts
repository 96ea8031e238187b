/**
 * A server for the bench, in its own process so that the load generator does not share its event
 * loop. `raw`: node:http answering fixed bytes (the baseline). `env`: the whole environment, on a
 * file store as `up` runs it, which also hands the scenarios a sender and a granted access token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { grantedSample } from './sample.ts';

type Msg =
  | { kind: 'raw'; status: number; contentType: string; body: string }
  | { kind: 'env'; seed: number; db?: string; sample?: boolean; variant?: EnvVariant };

/**
 * Not modes of the product: what the echo's CPU would be without parts of its path, so the bench
 * can say where the time goes (docs/bench.md). `answer-only`: HTTP, fastify and our hooks, the
 * gateway's first answer replayed. `no-journal`: the whole gateway with its journal writes dropped
 * (the duplicate guard then remembers nothing, which the bench's fresh messageIds never notice).
 */
export type EnvVariant = 'answer-only' | 'no-journal';

// The server's own view of its memory and of its event loop, asked for by the bench at any time
// (bench/harness.ts memory(), loopDelay()).
// Started by the first question about the loop (the journal section's served store), never in the
// load section's servers: their 1 ms timers cost CPU the CPU-per-request figures must not include.
// `delay` is wall time, which on a loaded machine includes the thread waiting for a core; `held` is
// the thread's own CPU time between two turns of a 1 ms timer: how long the loop's own work kept
// it from everything else (what "no request holds the event loop" is about).
const delay = monitorEventLoopDelay({ resolution: 1 });
let held: number[] = [];
let watching = false;
function watchHeld(): void {
  let last = process.threadCpuUsage();
  setInterval(() => {
    const now = process.threadCpuUsage();
    held.push((now.user - last.user + now.system - last.system) / 1000);
    last = now;
  }, 1).unref();
}
const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
process.on('message', (msg: { kind?: string; reset?: boolean }) => {
  if (msg.kind === 'memory') process.send?.({ memory: process.memoryUsage() });
  if (msg.kind === 'loop-delay') {
    if (!watching) {
      watching = true;
      delay.enable();
      watchHeld();
    }
    const ms = (ns: number) => ns / 1e6;
    process.send?.({
      loopDelay: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
        heldP99: percentile(held, 99),
        heldMax: Math.max(0, ...held),
      },
    });
    if (msg.reset) {
      delay.reset();
      held = [];
    }
  }
});

process.once('message', async (msg: Msg) => {
  if (msg.kind === 'raw') {
    const body = Buffer.from(msg.body);
    const server = createServer((req, res) => {
      // Read the request to the end, as the environment must, so the baseline does the same I/O.
      req.on('data', () => {});
      req.on('end', () => {
        res.writeHead(msg.status, { 'content-type': msg.contentType, 'content-length': body.length });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
    process.once('disconnect', () => server.close(() => process.exit(0)));
    return;
  }
  const { createEnvironment } = await import('../mocks/server.ts');
  const dir = mkdtempSync(join(tmpdir(), 'kdp-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const env = await createEnvironment({
    db: msg.db ?? (process.env.BENCH_DB === 'memory' ? ':memory:' : join(dir, 'environment.db')),
    seed: msg.seed,
    logLevel: 'silent',
  });
  const sample = msg.sample === false ? undefined : await grantedSample(env);
  if (msg.variant === 'answer-only') {
    const handle = env.gateway.handle.bind(env.gateway);
    let first: ReturnType<typeof handle> | undefined;
    env.gateway.handle = (environment, xml) => (first ??= handle(environment, xml));
  } else if (msg.variant === 'no-journal') {
    // Only the writes go: the duplicate guard still looks the messageId up (the bench's are fresh).
    const journal = env.runtime.journal;
    journal.record = async (entry) => ({ ...entry, id: '', at: entry.at ?? 0 });
  } else if (msg.variant !== undefined) {
    throw new Error(`bench/serve.ts: unknown variant ${String(msg.variant)}`);
  }
  const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ port: Number(new URL(address).port), sample });
  process.once('disconnect', () => void env.close().then(() => process.exit(0)));
});
