import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testFixtures } from './kdp/testing.ts';
import { createInMemoryEnvironment, kdpHandlers, type InMemoryEnvironment } from './msw.ts';
import { parseShepReply } from '../protocol/shep/envelope.ts';

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

  it("T-KDP-17 cover exactly the environment's URLs under the base, so other URLs stay with other handlers", () => {
    const paths = kdpHandlers(env, { baseUrl: BASE }).map((h) => h.info.path);
    expect(paths).toEqual([
      `${BASE}/test/bip-sync-wss-gost`,
      `${BASE}/test/bip-sync-wss-gost/`,
      `${BASE}/prod/bip-sync-wss-gost`,
      `${BASE}/prod/bip-sync-wss-gost/`,
      `${BASE}/sms/api/v1/*`,
      `${BASE}/1414/api/v1/*`,
      `${BASE}/env/api/v1/*`,
      `${BASE}/kdp/api/v1/*`,
      `${BASE}/smart-bridge/api/v1/*`,
    ]);
  });
});
