/**
 * Other mock servers, measured in the same rounds as the environment, serving the very SOAP bytes
 * the environment answered. They are installed by the bench into .bench/peers (its own
 * package.json, `npm install` from the registry at bench time), never dependencies of the project.
 * A peer that fails to install or start is reported as such; the bench goes on without it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const PEERS_DIR = resolve(process.env.BENCH_PEERS_DIR ?? '.bench/peers');

const PACKAGES: Record<string, string> = {
  wiremock: '3.13.2',
  '@stoplight/prism-cli': '5.16.0',
  '@mockoon/cli': '9.9.0',
  mockttp: '4.6.5',
};

export interface PeerServer {
  name: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface Answer {
  path: string;
  status: number;
  contentType: string;
  body: string;
}

/** Installs the peers once; resolves to why it failed, or undefined. */
export function installPeers(log: (line: string) => void): string | undefined {
  mkdirSync(PEERS_DIR, { recursive: true });
  const manifest = JSON.stringify(
    {
      name: 'kdp-conformance-bench-peers',
      private: true,
      description: 'mock servers npm run bench compares with; not dependencies of kdp-conformance',
      dependencies: PACKAGES,
    },
    null,
    2,
  );
  writeFileSync(join(PEERS_DIR, 'package.json'), manifest + '\n');
  const installed = Object.keys(PACKAGES).every((p) => existsSync(join(PEERS_DIR, 'node_modules', p, 'package.json')));
  if (installed) return undefined;
  log(`installing peers into ${PEERS_DIR} (npm install; a few minutes the first time)`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: PEERS_DIR,
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (r.status !== 0)
    return `npm install failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').slice(-300)}`;
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

const bin = (name: string) => join(PEERS_DIR, 'node_modules', '.bin', name);

function openapi(a: Answer): string {
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'SHEP echo (bench)', version: '1' },
    paths: {
      [a.path]: {
        post: {
          requestBody: { content: { [a.contentType.split(';')[0]!]: { schema: { type: 'string' } } } },
          responses: {
            [String(a.status)]: {
              description: 'the environment answer',
              content: { [a.contentType.split(';')[0]!]: { schema: { type: 'string' }, example: a.body } },
            },
          },
        },
      },
    },
  });
}

/** How each peer is started on a port to answer `a`. */
const STARTERS: Record<string, (dir: string, port: number, a: Answer) => ChildProcess> = {
  WireMock: (dir, port, a) => {
    mkdirSync(join(dir, 'mappings'), { recursive: true });
    writeFileSync(
      join(dir, 'mappings', 'echo.json'),
      JSON.stringify({
        request: { method: 'POST', url: a.path },
        response: { status: a.status, headers: { 'Content-Type': a.contentType }, body: a.body },
      }),
    );
    return spawn(bin('wiremock'), ['--port', String(port), '--bind-address', '127.0.0.1', '--root-dir', dir], {
      stdio: 'ignore',
      detached: true,
    });
  },
  Prism: (dir, port, a) => {
    writeFileSync(join(dir, 'openapi.json'), openapi(a));
    return spawn(bin('prism'), ['mock', join(dir, 'openapi.json'), '-p', String(port), '-h', '127.0.0.1'], {
      stdio: 'ignore',
      detached: true,
    });
  },
  Mockoon: (dir, port, a) => {
    // Mockoon's own data file, made by its importer from the OpenAPI document (whose XML example
    // it does not serve), then given the body.
    writeFileSync(join(dir, 'openapi.json'), openapi(a));
    const data = join(dir, 'environment.json');
    const r = spawnSync(bin('mockoon-cli'), ['import', '--input', join(dir, 'openapi.json'), '--output', data], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`mockoon-cli import failed: ${(r.stderr || r.stdout).slice(-200)}`);
    const environment = JSON.parse(readFileSync(data, 'utf8')) as {
      routes: { responses: { body: string; headers: { key: string; value: string }[] }[] }[];
    };
    const response = environment.routes[0]!.responses[0]!;
    response.body = a.body;
    response.headers = [{ key: 'Content-Type', value: a.contentType }];
    writeFileSync(data, JSON.stringify(environment));
    return spawn(bin('mockoon-cli'), ['start', '--data', data, '--port', String(port)], {
      stdio: 'ignore',
      detached: true,
    });
  },
  mockttp: (dir, port, a) => {
    const script = join(dir, 'serve.mjs');
    writeFileSync(join(dir, 'answer.json'), JSON.stringify(a));
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { getLocal } from 'mockttp';
const a = JSON.parse(readFileSync(new URL('./answer.json', import.meta.url), 'utf8'));
const server = getLocal();
await server.start(${port});
// Without a length mockttp ends the body by closing the connection, which no keep-alive client can load.
await server.forPost(a.path).thenReply(a.status, a.body, {
  'content-type': a.contentType,
  'content-length': String(Buffer.byteLength(a.body)),
});
`,
    );
    // Resolved from the peers folder, where mockttp is installed.
    return spawn(process.execPath, [script], {
      stdio: 'ignore',
      detached: true,
      cwd: PEERS_DIR,
      env: { ...process.env, NODE_PATH: join(PEERS_DIR, 'node_modules') },
    });
  },
};

export const PEER_NAMES = Object.keys(STARTERS);

/** Starts a peer and waits until it answers the request with the expected bytes. */
export async function startPeer(
  name: string,
  a: Answer,
  probe: () => { headers: Record<string, string>; body: string },
): Promise<PeerServer> {
  const dir = join(PEERS_DIR, 'run', name);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = STARTERS[name]!(dir, port, a);
  child.on('error', () => {});
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited (${code ?? signal})`));
  child.once('error', (err) => (exited = err.message));
  let stopping: Promise<void> | undefined;
  // Peers run in a process group of their own: a launcher (npm's wiremock, prism) leaves its JVM
  // or worker behind when only it is signalled.
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  const stop = () =>
    (stopping ??= new Promise<void>((done) => {
      const gone = () => child.exitCode !== null || child.signalCode !== null;
      const timer = setTimeout(() => signal('SIGKILL'), 5_000);
      const finish = () => {
        clearTimeout(timer);
        signal('SIGKILL');
        done();
      };
      if (gone()) return finish();
      child.once('exit', finish);
      signal('SIGTERM');
    }));
  const deadline = Date.now() + 90_000;
  let last = 'no answer';
  while (Date.now() < deadline && !exited) {
    try {
      const p = probe();
      const r = await fetch(`http://127.0.0.1:${port}${a.path}`, { method: 'POST', headers: p.headers, body: p.body });
      const body = await r.text();
      if (r.status === a.status && body.trim() === a.body.trim()) return { name, port, pid: child.pid!, stop };
      last = `answered HTTP ${r.status} with other bytes: ${body.slice(0, 120)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(exited ?? `did not answer the same bytes within 90 s (${last})`);
}
