/**
 * A server for the bench, in its own process so that the load generator does not share its event
 * loop. `raw`: node:http answering fixed bytes (the baseline). `env`: the whole environment.
 * Reports its port over IPC and serves until told to stop.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Msg = { kind: 'raw'; status: number; contentType: string; body: string } | { kind: 'env'; seed: number };

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
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  // A file store, as `up` uses by default: the bench measures what an integrator runs.
  const dir = mkdtempSync(join(tmpdir(), 'kdp-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const env = await createEnvironment({ db: join(dir, 'environment.db'), seed: msg.seed, logLevel: 'silent' });
  const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
  const org = env.fixtures.organisations[0]!;
  const sample = { senderId: org.credentials.test.senderId, password: org.credentials.test.password };
  process.send?.({ port: Number(new URL(address).port), sample });
  process.once('disconnect', () => void env.close().then(() => process.exit(0)));
});
