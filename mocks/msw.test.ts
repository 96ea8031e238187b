import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { organisationFor } from '../fixtures/index.ts';
import { buildSendMessageRequest, parseShepReply } from '../protocol/shep/envelope.ts';
import { formatShepDate } from '../protocol/dates.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testFixtures } from './kdp/testing.ts';
import { ECHO_SERVICE_ID } from './shep/echo-service.ts';
import { createInMemoryEnvironment, kdpHandlers, shepOperation, type InMemoryEnvironment } from './msw.ts';

const BASE = 'http://stand.example/kdp-mock';

let env: InMemoryEnvironment;
let server: ReturnType<typeof setupServer>;
beforeAll(async () => {
  env = await createInMemoryEnvironment({ fixtures: await testFixtures() });
  server = setupServer(...kdpHandlers(env, { baseUrl: `${BASE}/` }));
  server.listen({ onUnhandledFrame: 'bypass' });
});
afterAll(async () => {
  server.close();
  await env.close();
});

describe("msw handlers over the environment's routes", () => {
  it('T-KDP-17 answer both SHEP environments under a base URL with a path, with and without the slash', async () => {
    for (const url of [`${BASE}/test/bip-sync-wss-gost/`, `${BASE}/prod/bip-sync-wss-gost`]) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<not-soap/>' });
      expect(res.headers.get('content-type')).toContain('text/xml');
      expect(parseShepReply(await res.text())).toMatchObject({ kind: 'fault' });
    }
    const wsdl = await fetch(`${BASE}/test/bip-sync-wss-gost/?wsdl`);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toContain('stand.example');
  });

  it('T-KDP-17 answer the JSON APIs, problem+json included', async () => {
    const clock = await fetch(`${BASE}/env/api/v1/clock`);
    expect(clock.status).toBe(200);
    expect(await clock.json()).toHaveProperty('nowMs');
    const phones = await fetch(`${BASE}/sms/api/v1/phones`);
    expect(phones.status).toBe(200);
    const missing = await fetch(`${BASE}/kdp/api/v1/requests/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('T-KDP-17 one handler per system and operation, each under the base, the prefix fallbacks last', () => {
    const handlers = kdpHandlers(env, { baseUrl: BASE });
    const byUrl = handlers.filter((h) => typeof h.info.path === 'string');
    const paths = byUrl.map((h) => String(h.info.path));
    // Every JSON route the server mounts is an msw operation of its own.
    for (const r of env.routes.filter((r) => r.url.startsWith('/sms/api/v1/') && r.method === 'GET'))
      expect(paths).toContain(`${BASE}${r.url}`);
    expect(paths).toContain(`${BASE}/kdp/api/v1/requests/:id`);
    expect(paths.every((p) => p.startsWith(BASE))).toBe(true);
    // SHEP: one handler per environment and service, told apart by requestInfo/serviceId.
    expect(handlers.filter((h) => typeof h.info.path === 'function')).toHaveLength(2 * env.gateway.serviceIds().length);
    expect(paths.slice(-1)).toEqual([`${BASE}/smart-bridge/api/v1/*`]);
  });

  it('T-KDP-17 a user overrides one SHEP operation with server.use(), the others still reach the cores', async () => {
    const org = organisationFor(env.fixtures, 'sms-only-company')!;
    const send = (serviceId: string) =>
      fetch(`${BASE}/test/bip-sync-wss-gost/`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: buildSendMessageRequest({
          requestInfo: {
            messageId: crypto.randomUUID(),
            serviceId,
            messageDate: formatShepDate(Date.now()),
            sender: org.credentials.test,
          },
          dataXml: '<ping>1</ping>',
        }),
      }).then(async (r) => parseShepReply(await r.text()));
    server.use(
      shepOperation(BASE, 'test', 'KDP_SERVICE', () =>
        HttpResponse.text('<overridden/>', { status: 503, headers: { 'content-type': 'text/xml' } }),
      ),
    );
    try {
      const overridden = await fetch(`${BASE}/test/bip-sync-wss-gost/`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: buildSendMessageRequest({
          requestInfo: {
            messageId: crypto.randomUUID(),
            serviceId: 'KDP_SERVICE',
            messageDate: formatShepDate(Date.now()),
            sender: org.credentials.test,
          },
          dataXml: '<uin>1</uin>',
        }),
      });
      expect(overridden.status).toBe(503);
      expect(await overridden.text()).toBe('<overridden/>');
      // The echo service on the same URL is another operation: still the gateway's answer.
      expect(await send(ECHO_SERVICE_ID)).toMatchObject({
        kind: 'response',
        responseInfo: { status: { code: 'SCSS001' } },
      });
    } finally {
      server.resetHandlers();
    }
    // Without the override, KDP_SERVICE is the state service again (it refuses this data).
    expect(await send('KDP_SERVICE')).toMatchObject({ kind: 'fault' });
  });

  it('T-KDP-17 a user overrides one JSON operation the plain msw way', async () => {
    server.use(http.get(`${BASE}/sms/api/v1/phones`, () => HttpResponse.json([{ phone: '+77010000000' }])));
    try {
      expect(await (await fetch(`${BASE}/sms/api/v1/phones`)).json()).toEqual([{ phone: '+77010000000' }]);
      expect((await fetch(`${BASE}/env/api/v1/clock`)).status).toBe(200);
    } finally {
      server.resetHandlers();
    }
    expect(await (await fetch(`${BASE}/sms/api/v1/phones`)).json()).not.toEqual([{ phone: '+77010000000' }]);
  });
});
