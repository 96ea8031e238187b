import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request as LoadRequest } from 'autocannon';

export interface LoadResult {
  rps: number;
  /** Requests completed in the run. */
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface Served {
  port: number;
  pid: number;
  /** What the environment server hands the scenarios (credentials, a subject, a token). */
  sample?: unknown;
  stop(): Promise<void>;
  /** process.memoryUsage() of the server's main thread (bytes). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /**
   * How long the server's event loop was held (ms), since the last call with `reset`: what a
   * request arriving at that moment waited before anything could look at it.
   */
  loopDelay(reset?: boolean): Promise<LoopDelay>;
}

export interface LoopDelay {
  /** Wall time a 1 ms timer came late (ms): includes waiting for a core on a loaded machine. */
  p50: number;
  p99: number;
  max: number;
  /** The main thread's own CPU time between two turns of a 1 ms timer (ms): the loop held by its work. */
  heldP99: number;
  heldMax: number;
}

/** The node flags `npm run up` starts the environment with (package.json): the bench measures the same. */
export const UP_NODE_FLAGS = ['--max-semi-space-size=8'];

interface Answer {
  memory?: NodeJS.MemoryUsage;
  loopDelay?: LoopDelay;
}

/** Starts bench/serve.ts in a child process with the given instruction. */
export function serve(instruction: unknown): Promise<Served> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./serve.ts', import.meta.url)), [], {
    // BENCH_SERVER_NODE_OPTIONS adds flags to the servers' node (e.g. --cpu-prof --cpu-prof-dir=.bench/prof).
    execArgv: [
      '--import',
      'tsx',
      ...((instruction as { kind?: string }).kind === 'env' ? UP_NODE_FLAGS : []),
      ...(process.env.BENCH_SERVER_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
    let stopping: Promise<void> | undefined;
    // Idempotent: a second stop (a finally after an early stop) must not wait for an exit that was.
    const stop = () =>
      (stopping ??= new Promise<void>((done) => {
        child.removeAllListeners('exit');
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.disconnect();
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }));
    const ask = <K extends 'memory' | 'loopDelay'>(question: object, key: K) =>
      new Promise<Required<Answer>[K]>((done) => {
        const on = (m: Answer) => {
          if (m[key] === undefined) return;
          child.off('message', on);
          done(m[key] as Required<Answer>[K]);
        };
        child.on('message', on);
        child.send(question);
      });
    const memory = () => ask({ kind: 'memory' }, 'memory');
    const loopDelay = (reset = false) => ask({ kind: 'loop-delay', reset }, 'loopDelay');
    child.once('message', (m: { port: number; sample?: unknown }) =>
      resolve({ port: m.port, pid: child.pid!, sample: m.sample, stop, memory, loopDelay }),
    );
    child.send(instruction as object);
  });
}

export interface LoadSpec {
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** A fresh body per request (unique messageIds); called by the load generator. */
  body?: () => string;
  durationS: number;
  connections: number;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${spec.port}`,
    connections: spec.connections,
    duration: spec.durationS,
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        ...(spec.body ? { setupRequest: (req: LoadRequest) => ({ ...req, body: spec.body!() }) } : {}),
      },
    ],
  });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
