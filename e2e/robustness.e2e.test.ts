/**
 * T-ENV-4 across every route of the composed environment: whatever arrives — malformed JSON, the
 * wrong types, hostile path parameters, a huge body, a wrong content type — the answer is a
 * refusal in the protocol's own form (SOAP fault on SHEP, problem+json elsewhere), never a 500,
 * and the environment keeps answering. Routes are discovered, not listed: a new route is covered
 * the day it is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShepDate } from '../protocol/dates.ts';
import { createEnvironment, type MockEnvironment } from '../mocks/server.ts';
import { ECHO_SERVICE_ID } from '../mocks/shep/echo-service.ts';
import { buildSendMessageRequest } from '../protocol/shep/envelope.ts';

interface RouteSeen {
  method: string;
  url: string;
}

let env: MockEnvironment;
const routes: RouteSeen[] = [];
/** Authorization headers of every kind of caller: none, a made-up key, an organisation, the authorized body. */
let callers: Record<string, string>[] = [];

beforeAll(async () => {
  env = await createEnvironment({ subjects: 4, onRoute: (r: RouteSeen) => routes.push(r) });
  const access = await env.smartBridgeAccess();
  callers = [
    {},
    { authorization: 'Bearer not-a-key' },
    { authorization: `Bearer ${access.organisations[0]!.apiKey}` },
    { authorization: `Bearer ${access.authority.apiKey}` },
  ];
});

afterAll(async () => {
  await env.close();
});

const HOSTILE_PARAMS = [
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(3000),
  '%F0%9F%98%80',
  "'%20OR%201=1--",
  '-1',
  '1e309',
];

function concrete(url: string, value: string): string {
  return url.replace(/:[A-Za-z_]+/g, value).replace(/\*/g, value);
}

function isShep(url: string): boolean {
  return url.includes('bip-sync-wss-gost');
}

function expectOwnForm(
  url: string,
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  what: string,
): void {
  // SOAP 1.1 answers a fault with HTTP 500 by design; there the body decides, and it must not be
  // the gateway's internal-error fault.
  if (isShep(url)) {
    if (res.statusCode >= 400) expect(res.body, what).toMatch(/<faultcode>[\s\S]*<errorCode>(?!ESYS)/);
    return;
  }
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode < 400) return;
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode !== 404 || type)
    expect(type, `${what}: ${res.body.slice(0, 200)}`).toMatch(/application\/problem\+json/);
}

describe('every route refuses bad input in its own form, never with a 500', () => {
  it('discovers the routes of every mocked system', () => {
    const prefixes = new Set(routes.map((r) => r.url.split('/').slice(0, 2).join('/')));
    for (const p of ['/test', '/prod', '/sms', '/1414', '/env', '/kdp', '/smart-bridge'])
      expect(prefixes.has(p), p).toBe(true);
  });

  // Each sweep walks every route of the environment: seconds on a quiet machine, more on a loaded
  // one. The limits leave room; they measure nothing.
  it('T-ENV-4 malformed JSON, wrong types and an empty body to every route with a body', async () => {
    const withBody = routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    expect(withBody.length).toBeGreaterThan(10);
    for (const r of withBody) {
      const url = concrete(r.url, 'x');
      for (const [payload, type] of [
        ['{"a":', 'application/json'],
        ['[1,2,3]', 'application/json'],
        ['{"text": {"$ne": null}, "iin": 123456789012, "by": [], "operatorId": null}', 'application/json'],
        ['{"by": 1e309, "smsLossRate": 1e309, "shepLatencyMs": -1e309, "expiresIn": 1e309}', 'application/json'],
        // Values a schema accepts that the code behind it may not: huge counts, leap seconds, year 9999.
        [
          '{"by": 9000000000000, "from": "2016-12-31T23:59:60Z", "to": "9999-12-31T23:59:59Z", "text": "x", "iin": "000000000000"}',
          'application/json',
        ],
        ['{"by": "99999999999999999999", "since": "2016-12-31T23:59:60Z", "timeoutMs": 60000}', 'application/json'],
        ['', 'application/json'],
        ['<a/>', 'text/plain'],
        ['\u0000\u00ff', 'application/octet-stream'],
      ] as const) {
        for (const who of callers) {
          const res = await env.app.inject({
            method: r.method as 'POST',
            url,
            headers: { 'content-type': type, ...who },
            payload,
          });
          expectOwnForm(
            r.url,
            res,
            `${r.method} ${url} ${type} ${JSON.stringify(payload).slice(0, 40)} as ${who.authorization?.slice(0, 12) ?? 'nobody'}`,
          );
        }
      }
    }
  }, 90_000);

  it('T-ENV-4 hostile path parameters and query strings to every route', async () => {
    for (const r of routes) {
      if (r.method === 'HEAD') continue;
      for (const value of HOSTILE_PARAMS) {
        const queries = [
          '?limit=-5&offset=1e309&timeoutMs=Infinity&workingDays=NaN&from=yesterday&direction=sideways&year=1e999',
          '?from=2016-12-31T23:59:60Z&to=9999-12-31T23:59:59Z&since=2016-12-31T23:59:60Z&timeoutMs=1&limit=1000&offset=99999999',
        ];
        for (const [who, query] of callers.flatMap((c) => queries.map((q) => [c, q] as const))) {
          const url = `${concrete(r.url, value)}${query}`;
          const res = await env.app.inject({ method: r.method as 'GET', url, headers: who });
          expectOwnForm(
            r.url,
            res,
            `${r.method} ${url.slice(0, 120)} as ${who.authorization?.slice(0, 12) ?? 'nobody'}`,
          );
        }
      }
    }
  }, 90_000);

  it('T-ENV-4 a body over a megabyte to every route with a body', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
    for (const r of routes.filter((x) => ['POST', 'PUT', 'PATCH'].includes(x.method))) {
      const url = concrete(r.url, 'x');
      const res = await env.app.inject({
        method: r.method as 'POST',
        url,
        headers: { 'content-type': isShep(r.url) ? 'text/xml' : 'application/json' },
        payload: big,
      });
      expectOwnForm(r.url, res, `${r.method} ${url} 2 MiB`);
    }
  }, 90_000);

  it('still answers afterwards: health, the clock, and a SHEP round trip', async () => {
    expect((await env.app.inject({ url: '/env/api/v1/health' })).statusCode).toBe(200);
    expect((await env.app.inject({ url: '/env/api/v1/clock' })).statusCode).toBe(200);
    const sender = env.fixtures.organisations[0]!.credentials.test;
    const echo = await env.app.inject({
      method: 'POST',
      url: '/test/bip-sync-wss-gost/',
      headers: { 'content-type': 'text/xml' },
      payload: buildSendMessageRequest({
        requestInfo: {
          messageId: 'after-sweep',
          serviceId: ECHO_SERVICE_ID,
          messageDate: formatShepDate(env.clock.nowMs()),
          sender,
        },
        dataXml: '<ping/>',
      }),
    });
    expect(echo.body).toContain('SCSS001');
  });
});
