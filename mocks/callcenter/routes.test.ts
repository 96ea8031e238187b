import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBin } from '../../protocol/identifiers/bin.ts';
import { makeIin } from '../../protocol/identifiers/iin.ts';
import { testRuntime } from '../testing.ts';
import { CallCenter, type CallDecision } from './call-center.ts';
import { callCenterRoutes } from './routes.ts';

const BASE = '/1414/api/v1';
const IIN = makeIin({ birthDate: '1985-07-14', sex: 'female', serial: 77 });
const BIN = makeBin({ yearMonth: '2010-03', type: 'resident', subtype: 'head', serial: 1 });
const PHONE = '+77071234567';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function setup(logLines?: string[]) {
  const rt = testRuntime();
  const callCenter = new CallCenter(rt, { lifetimeMs: 3_600_000 });
  const decisions: CallDecision[] = [];
  callCenter.onDecision((d) => void decisions.push(d));
  const app = Fastify(
    logLines
      ? {
          logger: {
            stream: new Writable({ write: (chunk: Buffer, _e, cb) => (logLines.push(chunk.toString()), cb()) }),
          },
        }
      : {},
  );
  await app.register(callCenterRoutes, { prefix: BASE, callCenter });
  await app.ready();
  apps.push(app);
  return { rt, callCenter, decisions, app };
}

const body = {
  subjectIin: IIN,
  phone: PHONE,
  requester: { name: 'ТОО «Пример»', bin: BIN },
  data: 'сведения о регистрации',
  ref: { requestId: 'kdp-9' },
};

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = res.json() as { type: string; status: number };
  expect(p.status).toBe(status);
  return p;
}

describe('1414 operator API', () => {
  it('R7.1 T-1414-1: enqueues a request and lists it as pending', async () => {
    const { rt, app } = await setup();
    const created = await app.inject({ method: 'POST', url: `${BASE}/requests`, payload: body });
    expect(created.statusCode).toBe(201);
    const r = created.json();
    expect(r).toEqual({
      id: r.id,
      ...body,
      state: 'waiting',
      enqueuedAt: rt.clock.now().toISOString(),
      expiresAt: new Date(rt.clock.nowMs() + 3_600_000).toISOString(),
    });
    const list = await app.inject({ url: `${BASE}/requests?subjectIin=${IIN}` });
    expect(list.json()).toMatchObject({ total: 1, offset: 0, count: 1, requests: [{ id: r.id }] });
    expect((await app.inject({ url: `${BASE}/requests/${r.id}` })).json()).toMatchObject({
      id: r.id,
      state: 'waiting',
    });
  });

  it('R7.1 T-1414-2 T-1414-3: take the next, confirm with a note; the service hears it', async () => {
    const { app, decisions } = await setup();
    const { id } = (await app.inject({ method: 'POST', url: `${BASE}/requests`, payload: body })).json();
    const taken = await app.inject({ method: 'POST', url: `${BASE}/queue/next`, payload: { operatorId: 'op-3' } });
    expect(taken.json()).toMatchObject({ id, state: 'in-call', operatorId: 'op-3' });
    expect(
      (await app.inject({ method: 'POST', url: `${BASE}/queue/next`, payload: { operatorId: 'op-4' } })).statusCode,
    ).toBe(204);

    const done = await app.inject({
      method: 'POST',
      url: `${BASE}/requests/${id}/confirm`,
      payload: { operatorId: 'op-3', note: 'confirmed on the call' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      state: 'confirmed',
      decision: { outcome: 'confirmed', operatorId: 'op-3', note: 'confirmed on the call' },
    });
    expect(decisions).toMatchObject([{ requestId: id, outcome: 'confirmed', ref: { requestId: 'kdp-9' } }]);
  });

  it('R7.1 T-1414-2: take, release and take by another operator; a foreign decision is 409', async () => {
    const { app } = await setup();
    const { id } = (await app.inject({ method: 'POST', url: `${BASE}/requests`, payload: body })).json();
    expect(
      (
        await app.inject({ method: 'POST', url: `${BASE}/requests/${id}/take`, payload: { operatorId: 'op-1' } })
      ).json(),
    ).toMatchObject({ state: 'in-call' });
    expectProblem(
      await app.inject({ method: 'POST', url: `${BASE}/requests/${id}/refuse`, payload: { operatorId: 'op-2' } }),
      409,
    );
    expect(
      (
        await app.inject({ method: 'POST', url: `${BASE}/requests/${id}/release`, payload: { operatorId: 'op-1' } })
      ).json(),
    ).toMatchObject({ state: 'waiting' });
    expect((await app.inject({ url: `${BASE}/requests?state=waiting` })).json()).toMatchObject({ total: 1 });
    expect(
      (
        await app.inject({ method: 'POST', url: `${BASE}/requests/${id}/take`, payload: { operatorId: 'op-2' } })
      ).json(),
    ).toMatchObject({ operatorId: 'op-2' });
  });

  it('R7.1 T-1414-3 T-1414-4: refuse, then a second decision is a 409 problem', async () => {
    const { app, decisions } = await setup();
    const { id } = (await app.inject({ method: 'POST', url: `${BASE}/requests`, payload: body })).json();
    const refused = await app.inject({
      method: 'POST',
      url: `${BASE}/requests/${id}/refuse`,
      payload: { operatorId: 'op-1', note: 'the subject said no' },
    });
    expect(refused.json()).toMatchObject({ state: 'refused' });
    const again = expectProblem(
      await app.inject({ method: 'POST', url: `${BASE}/requests/${id}/confirm`, payload: { operatorId: 'op-1' } }),
      409,
    );
    expect(again).toMatchObject({ type: 'urn:kdp-conformance:problem:callcenter-already-decided', state: 'refused' });
    expect(decisions).toHaveLength(1);
  });

  it('R7.1 T-1414-5: after its lifetime a request is expired and cannot be decided', async () => {
    const { rt, app, decisions } = await setup();
    const { id } = (await app.inject({ method: 'POST', url: `${BASE}/requests`, payload: body })).json();
    rt.clock.advance(3_600_000);
    expect((await app.inject({ url: `${BASE}/requests` })).json()).toMatchObject({ total: 0 });
    expect((await app.inject({ url: `${BASE}/requests?state=expired` })).json()).toMatchObject({
      total: 1,
      requests: [{ id, decision: { outcome: 'expired' } }],
    });
    expectProblem(
      await app.inject({ method: 'POST', url: `${BASE}/requests/${id}/confirm`, payload: { operatorId: 'op-1' } }),
      409,
    );
    expect(decisions.map((d) => d.outcome)).toEqual(['expired']);
  });

  it('R7.1 T-1414-1: bad input is a 400 problem: IIN, phone, malformed JSON, missing operator', async () => {
    const { app } = await setup();
    const url = `${BASE}/requests`;
    expectProblem(await app.inject({ method: 'POST', url, payload: { ...body, subjectIin: '12345' } }), 400);
    expect(
      expectProblem(await app.inject({ method: 'POST', url, payload: { ...body, subjectIin: '900101300124' } }), 400),
    ).toMatchObject({ errors: [{ field: 'subjectIin' }] });
    expect(
      expectProblem(await app.inject({ method: 'POST', url, payload: { ...body, phone: '+1 555 0100' } }), 400),
    ).toMatchObject({ type: 'urn:kdp-conformance:problem:invalid-phone' });
    expectProblem(
      await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"subjectIin":',
      }),
      400,
    );
    expectProblem(await app.inject({ method: 'POST', url: `${BASE}/queue/next`, payload: {} }), 400);
    expectProblem(await app.inject({ url: `${BASE}/requests?phone=12345` }), 400);
    expectProblem(await app.inject({ url: `${BASE}/requests?state=lost` }), 400);
  });

  it('answers unknown ids and routes with a 404 problem', async () => {
    const { app } = await setup();
    expectProblem(await app.inject({ url: `${BASE}/requests/nope` }), 404);
    expectProblem(
      await app.inject({ method: 'POST', url: `${BASE}/requests/nope/confirm`, payload: { operatorId: 'op-1' } }),
      404,
    );
    expectProblem(await app.inject({ url: `${BASE}/elsewhere` }), 404);
  });

  it('masks IINs and phones of query strings in the request log', async () => {
    const lines: string[] = [];
    const { app } = await setup(lines);
    await app.inject({ url: `${BASE}/requests?subjectIin=${IIN}&phone=${encodeURIComponent(PHONE)}` });
    const log = lines.join('');
    expect(log).toContain('incoming request');
    expect(log).not.toContain(IIN);
    expect(log).not.toContain(PHONE.slice(2));
  });
});
