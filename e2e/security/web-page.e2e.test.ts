/**
 * A web page the user visits while `up` runs must not take the environment over (issue 13;
 * docs/security.md): a DNS-rebinding page (its own host name, resolved to 127.0.0.1), a cross-site
 * page (its own Origin, "simple" requests without a preflight), a slow client. Loopback only: `up`
 * in a child process on a free port, and one in-process server with short request timeouts.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryEnvironment, type InMemoryEnvironment } from '../../mocks/msw.ts';
import { exited, up, type Up } from '../support/up-process.ts';

const TOKEN = 'e2e-access-token-0123456789abcdef';
const ATTACKER = 'https://attacker.example';

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** HTTP with any Host header (fetch will not send a Host of our choosing). */
function raw(
  base: string,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  const url = new URL(o.path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: o.method ?? 'GET',
        headers: { host: url.host, ...o.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

let dir: string;
let server: Up;
const running: ChildProcessWithoutNullStreams[] = [];
const withToken = { 'x-kdp-access-token': TOKEN };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kdp-security-'));
  // An empty KDP_HOST must not bind every interface; the token comes from the environment.
  server = await up(join(dir, 'env.db'), running, { env: { KDP_HOST: '', KDP_ACCESS_TOKEN: TOKEN } });
}, 60_000);

afterAll(async () => {
  for (const p of running) {
    if (p.exitCode === null) {
      p.kill('SIGTERM');
      await exited(p);
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('`up` and a web page (T-ENV-6)', () => {
  it('T-ENV-6 an empty KDP_HOST counts as unset: `up` binds loopback and names the hosts it answers', () => {
    expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).toMatch(/host names\s+localhost, 127\.0\.0\.1, \[::1\]/);
  });

  it('T-ENV-6 a DNS-rebinding page (its own Host) reads no fixtures, journal, phones or API keys', async () => {
    const port = new URL(server.base).port;
    for (const path of [
      '/env/api/v1/fixtures',
      '/env/api/v1/journal',
      '/env/api/v1/smart-bridge/api-keys',
      '/sms/api/v1/phones',
      '/1414/api/v1/queue',
      '/smart-bridge/api/v1/applications',
    ]) {
      const r = await raw(server.base, { path, headers: { host: `rebind.attacker.example:${port}`, ...withToken } });
      expect(r.status, path).toBe(403);
      expect(r.type, path).toMatch(/application\/problem\+json/);
      expect(r.body, path).not.toMatch(/privateJwk|password|apiKey/);
    }
    const own = await raw(server.base, { path: '/env/api/v1/fixtures', headers: withToken });
    expect(own.status).toBe(200);
    expect(own.body).toContain('privateJwk');
  });

  it('T-ENV-6 a cross-site simple request neither resets the store nor freezes the clock', async () => {
    const before = JSON.parse((await raw(server.base, { path: '/env/api/v1/clock', headers: withToken })).body);
    const attempts: { path: string; headers: Record<string, string> }[] = [
      { path: '/env/api/v1/reset', headers: { origin: ATTACKER, 'content-type': 'text/plain' } },
      { path: '/env/api/v1/clock/freeze', headers: { origin: ATTACKER } },
      // A page that sends no Origin (an old browser, a plugin) still cannot use a simple body type.
      { path: '/env/api/v1/reset', headers: { 'content-type': 'text/plain;charset=UTF-8' } },
      { path: '/env/api/v1/clock/freeze', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ];
    for (const a of attempts) {
      const r = await raw(server.base, { method: 'POST', ...a, headers: { ...a.headers, ...withToken }, body: '{}' });
      expect([403, 415], JSON.stringify(a)).toContain(r.status);
      expect(r.type).toMatch(/application\/problem\+json/);
    }
    const after = JSON.parse((await raw(server.base, { path: '/env/api/v1/clock', headers: withToken })).body);
    expect(after.frozen).toBe(false);
    expect(after.frozen).toBe(before.frozen);
  });

  it('T-ENV-6 the access token guards the environment API and the authority role, not the phones', async () => {
    const without = await raw(server.base, { path: '/env/api/v1/clock' });
    expect(without.status).toBe(401);
    expect(JSON.parse(without.body).type).toMatch(/access-token-required$/);
    expect(
      (await raw(server.base, { path: '/env/api/v1/clock', headers: { 'x-kdp-access-token': 'wrong' } })).status,
    ).toBe(401);
    const keys = JSON.parse(
      (await raw(server.base, { path: '/env/api/v1/smart-bridge/api-keys', headers: withToken })).body,
    );
    const authority = `Bearer ${keys.authority.apiKey}`;
    expect(
      (await raw(server.base, { path: '/smart-bridge/api/v1/applications', headers: { authorization: authority } }))
        .status,
    ).toBe(401);
    expect(
      (
        await raw(server.base, {
          path: '/smart-bridge/api/v1/applications',
          headers: { authorization: authority, ...withToken },
        })
      ).status,
    ).toBe(200);
    const org = `Bearer ${keys.organisations[0].apiKey}`;
    expect(
      (await raw(server.base, { path: '/smart-bridge/api/v1/applications', headers: { authorization: org } })).status,
    ).toBe(200);
    const phone = encodeURIComponent(
      JSON.parse((await raw(server.base, { path: '/env/api/v1/fixtures/subjects', headers: withToken })).body)[0].phone,
    );
    expect((await raw(server.base, { path: `/sms/api/v1/phones/${phone}/messages` })).status).toBe(200);
  });

  it('T-ENV-6 SHEP answers its clients by any host name, and refuses a browser of another origin with a SOAP fault', async () => {
    const org = JSON.parse(
      (await raw(server.base, { path: '/env/api/v1/fixtures/organisations', headers: withToken })).body,
    )[0];
    const envelope = (id: string) =>
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
      `<ns:SendMessage xmlns:ns="http://bip.bee.kz/SyncChannel/v10/Types"><request><requestInfo>` +
      `<messageId>${id}</messageId><serviceId>KDP_CONFORMANCE_ECHO</serviceId>` +
      `<messageDate>2025-06-23T12:40:34.477+05:00</messageDate><sender><senderId>${org.credentials.test.senderId}</senderId>` +
      `<password>${org.credentials.test.password}</password></sender></requestInfo>` +
      `<requestData><data><ping>1</ping></data></requestData></request></ns:SendMessage></soap:Body></soap:Envelope>`;
    const port = new URL(server.base).port;
    const post = (id: string, headers: Record<string, string>) =>
      raw(server.base, {
        method: 'POST',
        path: '/test/bip-sync-wss-gost/',
        headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
        body: envelope(id),
      });
    const container = await post(`sec-${Date.now()}-1`, { host: `kdp-environment:${port}` });
    expect(container.status).toBe(200);
    expect(container.body).toContain('SCSS001');
    const page = await post(`sec-${Date.now()}-2`, { origin: ATTACKER });
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.type).toMatch(/text\/xml/);
    expect(page.body).toMatch(/<errorCode>[A-Z]{4}\d{3}<\/errorCode>/);
    expect(page.body).toContain('attacker.example');
    expect(page.body).not.toContain('SCSS001');
  });
});

describe('slow clients are cut off (T-ENV-4)', () => {
  let env: InMemoryEnvironment;
  let base: string;

  beforeAll(async () => {
    env = await createInMemoryEnvironment({
      subjects: 2,
      access: { allowedHosts: [] },
      timeouts: { headersMs: 400, requestMs: 800 },
    });
    base = await env.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await env.close();
  });

  /** Opens a socket, sends `first`, then a byte every 100 ms; resolves with ms until the server closed it. */
  function trickle(first: string): Promise<number> {
    const url = new URL(base);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      let timer: NodeJS.Timeout | undefined;
      const give = setTimeout(() => {
        socket.destroy();
        reject(new Error('the server kept a trickling connection open for 5 s'));
      }, 5_000);
      socket.on('connect', () => {
        socket.write(first);
        timer = setInterval(() => socket.write('x'), 100);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(give);
        resolve(performance.now() - started);
      });
      socket.resume();
    });
  }

  it('T-ENV-4 headers sent a byte at a time, and a body that never ends, are cut off; the server keeps answering', async () => {
    const host = new URL(base).host;
    const results = await Promise.all([
      trickle(`GET /env/api/v1/health HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `),
      trickle(`GET /env/api/v1/health HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `),
      trickle(
        `POST /env/api/v1/clock/advance HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"by":`,
      ),
    ]);
    for (const ms of results) expect(ms).toBeLessThan(5_000);
    const health = await fetch(`${base}/env/api/v1/health`);
    expect(health.status).toBe(200);
  });
});
