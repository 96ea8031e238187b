import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { useProblemJson } from './problem-handler.ts';
import {
  ACCESS_TOKEN_HEADER,
  hostAllowed,
  isLoopbackBind,
  requestGuard,
  type AccessPolicy,
  type Surface,
} from './request-guard.ts';

const SURFACES: Surface[] = [
  { prefix: '/soap', host: false, bodyTypes: 'any', token: false },
  { prefix: '/env', host: true, bodyTypes: [], token: true },
  {
    prefix: '/sb',
    host: true,
    bodyTypes: ['application/offset+octet-stream'],
    token: (r) => r.headers['x-role'] === 'a',
  },
];

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function app(policy: AccessPolicy | undefined): Promise<FastifyInstance> {
  const a = Fastify();
  apps.push(a);
  useProblemJson(a);
  await a.register(requestGuard, { policy, surfaces: SURFACES });
  a.addContentTypeParser(['text/xml', 'application/offset+octet-stream'], { parseAs: 'string' }, (_r, b, done) =>
    done(null, b),
  );
  a.post('/env/reset', async () => ({ reset: true }));
  a.get('/env/fixtures', async () => ({ secret: 'k' }));
  a.post('/sb/uploads', async () => ({ ok: true }));
  a.post('/soap', async () => 'ok');
  a.get('/sms/messages', async () => []);
  return a;
}

const LOOPBACK: AccessPolicy = { allowedHosts: [] };

describe('hostAllowed', () => {
  it('T-ENV-6 takes loopback names with the port listened on, and names added with or without a port', () => {
    const p: AccessPolicy = { allowedHosts: ['kdp.internal', 'proxy.example:443'] };
    expect(hostAllowed('localhost:8236', p, 8236)).toBe(true);
    expect(hostAllowed('127.0.0.1:8236', p, 8236)).toBe(true);
    expect(hostAllowed('[::1]:8236', p, 8236)).toBe(true);
    expect(hostAllowed('LOCALHOST:8236', p, 8236)).toBe(true);
    expect(hostAllowed('localhost:9999', p, 8236)).toBe(false);
    expect(hostAllowed('localhost', p, 8236)).toBe(false);
    expect(hostAllowed('kdp.internal:8236', p, 8236)).toBe(true);
    expect(hostAllowed('kdp.internal', p, 8236)).toBe(true);
    expect(hostAllowed('proxy.example:443', p, 8236)).toBe(true);
    expect(hostAllowed('proxy.example:8236', p, 8236)).toBe(false);
    for (const bad of [
      'evil.example:8236',
      'localhost.evil.example:8236',
      '',
      'user@localhost:8236',
      'localhost:8236/x',
    ])
      expect(hostAllowed(bad, p, 8236), bad).toBe(false);
  });

  it('knows a loopback bind from one beyond', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) expect(isLoopbackBind(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '', '192.168.1.5', 'example.com']) expect(isLoopbackBind(h), h).toBe(false);
  });
});

describe('requestGuard', () => {
  it('T-ENV-6 refuses a DNS-rebinding Host with problem+json and lets loopback names through', async () => {
    const a = await app(LOOPBACK);
    const evil = await a.inject({ url: '/env/fixtures', headers: { host: 'rebind.evil.example:8236' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(evil.json()).toMatchObject({ type: 'urn:kdp-conformance:problem:host-not-allowed', status: 403 });
    expect(evil.body).not.toContain('secret');
    // Not listening (inject): the port is not known, the name is what counts.
    expect((await a.inject({ url: '/env/fixtures', headers: { host: 'localhost:8236' } })).statusCode).toBe(200);
    // An unknown path is refused the same way (it reveals nothing, but answers nothing either).
    expect((await a.inject({ url: '/nope', headers: { host: 'evil.example' } })).statusCode).toBe(403);
  });

  it("T-ENV-6 leaves SHEP's Host to its clients but refuses a browser's foreign Origin there too", async () => {
    const a = await app(LOOPBACK);
    const soap = { method: 'POST' as const, url: '/soap', payload: '<x/>', headers: { 'content-type': 'text/xml' } };
    expect((await a.inject({ ...soap, headers: { ...soap.headers, host: 'shep-mock:8236' } })).statusCode).toBe(200);
    const r = await a.inject({ ...soap, headers: { ...soap.headers, origin: 'https://evil.example' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().type).toMatch(/origin-not-allowed$/);
  });

  it('T-ENV-6 refuses a foreign, opaque or malformed Origin and accepts its own', async () => {
    const a = await app(LOOPBACK);
    const post = (origin: string) =>
      a.inject({ method: 'POST', url: '/env/reset', headers: { host: 'localhost:80', origin } });
    for (const o of ['https://evil.example', 'null', 'http://localhost.evil.example', 'file://', 'garbage'])
      expect((await post(o)).statusCode, o).toBe(403);
    expect((await post('http://localhost:80')).statusCode).toBe(200);
  });

  it('T-ENV-6 refuses simple-request bodies on JSON routes, with or without a policy', async () => {
    for (const policy of [LOOPBACK, undefined]) {
      const a = await app(policy);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const r = await a.inject({
          method: 'POST',
          url: '/env/reset',
          headers: { 'content-type': type },
          payload: '{}',
        });
        expect(r.statusCode, type).toBe(415);
        expect(r.json().type).toMatch(/unsupported-media-type$/);
      }
      // A body without a content type is refused; no body at all is a plain command (curl -X POST).
      expect((await a.inject({ method: 'POST', url: '/env/reset', payload: 'x' })).statusCode).toBe(415);
      expect((await a.inject({ method: 'POST', url: '/env/reset' })).statusCode).toBe(200);
      expect((await a.inject({ method: 'POST', url: '/env/reset', payload: {} })).statusCode).toBe(200);
      // A protocol's own type where it is declared.
      const tus = await a.inject({
        method: 'POST',
        url: '/sb/uploads',
        headers: { 'content-type': 'application/offset+octet-stream' },
      });
      expect(tus.statusCode).toBe(200);
    }
  });

  it('T-ENV-6 asks for the access token only where the surface says so, and compares it exactly', async () => {
    const a = await app({ allowedHosts: [], accessToken: 'tok-123' });
    const get = (headers: Record<string, string>) => a.inject({ url: '/env/fixtures', headers });
    expect((await get({})).statusCode).toBe(401);
    expect((await get({ [ACCESS_TOKEN_HEADER]: 'tok-12' })).statusCode).toBe(401);
    expect((await get({ [ACCESS_TOKEN_HEADER]: 'tok-1234' })).statusCode).toBe(401);
    expect((await get({ [ACCESS_TOKEN_HEADER]: 'tok-123' })).statusCode).toBe(200);
    expect((await a.inject({ url: '/sms/messages' })).statusCode).toBe(200);
    const sb = (role: string) => a.inject({ method: 'POST', url: '/sb/uploads', headers: { 'x-role': role } });
    expect((await sb('o')).statusCode).toBe(200);
    expect((await sb('a')).statusCode).toBe(401);
  });

  it('T-ENV-6 checks the port the server really listens on', async () => {
    const a = await app(LOOPBACK);
    await a.listen({ port: 0, host: '127.0.0.1' });
    const port = (a.server.address() as { port: number }).port;
    const res = (host: string) => a.inject({ url: '/env/fixtures', headers: { host } });
    expect((await res(`127.0.0.1:${port}`)).statusCode).toBe(200);
    expect((await res(`127.0.0.1:${port + 1}`)).statusCode).toBe(403);
  });
});
