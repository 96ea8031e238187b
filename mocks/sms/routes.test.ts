import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultPlan } from '../environment/faults.ts';
import { maskPersonalData } from '../mask.ts';
import { smsRoutes } from './routes.ts';
import { SmsGateway } from './sms-gateway.ts';
import { testRuntime } from '../testing.ts';

const PHONE = '+77011234567';
const P = encodeURIComponent(PHONE);
const BASE = '/sms/api/v1';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function setup(logLines?: string[]) {
  const rt = testRuntime();
  const faults = new FaultPlan(rt.random);
  const gateway = new SmsGateway(rt, { faults });
  const app = Fastify(
    logLines
      ? {
          logger: {
            level: 'info',
            stream: new Writable({ write: (chunk: Buffer, _e, cb) => (logLines.push(chunk.toString()), cb()) }),
          },
        }
      : {},
  );
  await app.register(smsRoutes, { prefix: BASE, gateway });
  await app.ready();
  apps.push(app);
  return { rt, faults, gateway, app };
}

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { type: string; status: number };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:kdp-conformance:problem:/);
  return body;
}

describe('virtual phone API', () => {
  it('R7.5 T-SMS-10: lists phones and messages (paged, newest first) and the latest message', async () => {
    const { rt, gateway, app } = await setup();
    const a = await gateway.send({ to: PHONE, text: 'Код 111111', lang: 'ru', ref: { requestId: 'r1' } });
    rt.clock.advance(1000);
    await gateway.send({ to: PHONE, text: 'Код 222222', lang: 'kk' });

    const phones = await app.inject({ url: `${BASE}/phones` });
    expect(phones.json()).toEqual({ phones: [{ phone: PHONE, messages: 2, latestAt: rt.clock.now().toISOString() }] });

    const list = await app.inject({ url: `${BASE}/phones/${P}/messages?limit=1&offset=1` });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      total: 2,
      offset: 1,
      count: 1,
      messages: [
        {
          id: a.id,
          phone: PHONE,
          direction: 'to-phone',
          sender: '1414',
          text: 'Код 111111',
          lang: 'ru',
          sentAt: new Date(rt.clock.nowMs() - 1000).toISOString(),
          deliveredAt: new Date(rt.clock.nowMs() - 1000).toISOString(),
          ref: { requestId: 'r1' },
        },
      ],
    });

    const latest = await app.inject({ url: `${BASE}/phones/${P}/messages/latest` });
    expect(latest.json()).toMatchObject({ text: 'Код 222222', lang: 'kk' });
    // The phone may also be written the national way in the path.
    expect((await app.inject({ url: `${BASE}/phones/87011234567/messages/latest` })).json()).toMatchObject({
      text: 'Код 222222',
    });
    expect((await app.inject({ url: `${BASE}/messages/${a.id}` })).json()).toMatchObject({ id: a.id });
  });

  it('R7.5 T-SMS-10: searches text and time window across phones', async () => {
    const { rt, gateway, app } = await setup();
    const t0 = rt.clock.now().toISOString();
    await gateway.send({ to: PHONE, text: 'Ваш код 111111', lang: 'ru' });
    rt.clock.advance(60_000);
    await gateway.send({ to: '+77771234567', text: 'ваш КОД 333333', lang: 'ru' });
    await gateway.send({ to: PHONE, text: 'Хабарлама', lang: 'kk' });

    const all = await app.inject({ url: `${BASE}/search?text=${encodeURIComponent('ваш код')}` });
    expect(all.json()).toMatchObject({ total: 2, count: 2 });
    const early = await app.inject({
      url: `${BASE}/search?text=${encodeURIComponent('код')}&to=${encodeURIComponent(t0)}`,
    });
    expect(early.json().messages.map((m: { text: string }) => m.text)).toEqual(['Ваш код 111111']);
    const byPhone = await app.inject({ url: `${BASE}/search?phone=${P}&from=${encodeURIComponent(t0)}` });
    expect(byPhone.json()).toMatchObject({ total: 2 });
  });

  it('R7.5 T-SMS-10: a long poll is answered as soon as a message is sent', async () => {
    const { gateway, app } = await setup();
    const waiting = app.inject({ url: `${BASE}/phones/${P}/messages/wait?timeoutMs=20000` });
    setTimeout(() => void gateway.send({ to: PHONE, text: 'Код 482913', lang: 'ru' }), 30);
    const res = await waiting;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ text: 'Код 482913', phone: PHONE });
  });

  it('T-SMS-10 refuses a leap-second instant (valid to the schema, not to a Date) instead of waiting on NaN', async () => {
    const { app } = await setup();
    for (const url of [
      `${BASE}/phones/${P}/messages/wait?timeoutMs=20000&since=2016-12-31T23:59:60Z`,
      `${BASE}/search?from=2016-12-31T23:59:60Z`,
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('R7.5 T-SMS-10: a long poll with nothing arriving answers 204 at its timeout', async () => {
    const { app } = await setup();
    const started = performance.now();
    const res = await app.inject({ url: `${BASE}/phones/${P}/messages/wait?timeoutMs=50` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('ends pending long polls with 204 when the server closes, instead of holding the shutdown', async () => {
    const { app } = await setup();
    const waiting = app.inject({ url: `${BASE}/phones/${P}/messages/wait?timeoutMs=30000` });
    await new Promise((r) => setTimeout(r, 30));
    await app.close();
    expect((await waiting).statusCode).toBe(204);
  });

  it('R7.5 T-SMS-10: a long poll after a message id returns the following message', async () => {
    const { gateway, app } = await setup();
    const a = await gateway.send({ to: PHONE, text: 'a', lang: 'ru' });
    await gateway.send({ to: PHONE, text: 'b', lang: 'ru' });
    const res = await app.inject({ url: `${BASE}/phones/${P}/messages/wait?after=${a.id}&timeoutMs=0` });
    expect(res.json()).toMatchObject({ text: 'b' });
    expectProblem(await app.inject({ url: `${BASE}/phones/${P}/messages/wait?after=unknown&timeoutMs=0` }), 404);
  });

  it('refuses a long poll longer than 60 s', async () => {
    const { app } = await setup();
    const body = expectProblem(await app.inject({ url: `${BASE}/phones/${P}/messages/wait?timeoutMs=60001` }), 400);
    expect(body).toMatchObject({ errors: [{ field: 'querystring/timeoutMs' }] });
  });

  it('R7.5 R7.3 T-SMS-7: an SMS answer is routed to the waiting service and its outcome is sent back', async () => {
    const { gateway, app } = await setup();
    const offer = await gateway.send({ to: PHONE, text: 'Ответьте ДА или НЕТ', lang: 'ru', ref: { offerId: 'o1' } });
    gateway.onAnswer((a) =>
      a.repliedTo?.ref?.offerId === 'o1' && a.answer.decision === 'no' ? 'Ваш отказ принят' : undefined,
    );

    const res = await app.inject({
      method: 'POST',
      url: `${BASE}/phones/${P}/replies`,
      payload: { text: 'Нет', inReplyTo: offer.id },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      answer: { decision: 'no' },
      handled: true,
      message: { direction: 'from-phone', text: 'Нет', inReplyTo: offer.id },
    });
    expect(body.replies).toHaveLength(1);
    const latest = await app.inject({ url: `${BASE}/phones/${P}/messages/latest` });
    expect(latest.json()).toMatchObject({ id: body.replies[0], text: 'Ваш отказ принят' });
  });

  it('R7.5 T-SMS-10: deletes the messages of a phone', async () => {
    const { gateway, app } = await setup();
    await gateway.send({ to: PHONE, text: 'a', lang: 'ru' });
    await gateway.send({ to: PHONE, text: 'b', lang: 'ru' });
    const res = await app.inject({ method: 'DELETE', url: `${BASE}/phones/${P}/messages` });
    expect(res.json()).toEqual({ deleted: 2 });
    expectProblem(await app.inject({ url: `${BASE}/phones/${P}/messages/latest` }), 404);
  });

  it('R7.5 T-SMS-10: a number that is not a Kazakh mobile is a 400 problem', async () => {
    const { app } = await setup();
    for (const bad of ['%2B74951234567', '12345', 'abc', '%2B7701123456789']) {
      const body = expectProblem(await app.inject({ url: `${BASE}/phones/${bad}/messages` }), 400);
      expect(body).toMatchObject({ type: 'urn:kdp-conformance:problem:invalid-phone', errors: [{ field: 'phone' }] });
    }
    expectProblem(
      await app.inject({ method: 'POST', url: `${BASE}/phones/12345/replies`, payload: { text: 'да' } }),
      400,
    );
    expectProblem(await app.inject({ url: `${BASE}/search?phone=12345` }), 400);
  });

  it('R7.5 T-SMS-10: a malformed or schema-breaking JSON body is a 400 problem', async () => {
    const { app } = await setup();
    const url = `${BASE}/phones/${P}/replies`;
    expectProblem(
      await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"text": "да"',
      }),
      400,
    );
    const missing = expectProblem(await app.inject({ method: 'POST', url, payload: { inReplyTo: 'x' } }), 400);
    expect(missing).toMatchObject({ errors: [{ field: 'body/text' }] });
    expectProblem(await app.inject({ method: 'POST', url, payload: { text: '' } }), 400);
    expectProblem(await app.inject({ url: `${BASE}/search?from=yesterday` }), 400);
  });

  it('answers unknown routes and ids with a 404 problem', async () => {
    const { app } = await setup();
    expectProblem(await app.inject({ url: `${BASE}/nowhere` }), 404);
    expectProblem(await app.inject({ url: `${BASE}/messages/unknown` }), 404);
  });

  it('R7.5 T-SMS-8: a delayed message is not served before its time, then is', async () => {
    const { rt, faults, gateway, app } = await setup();
    faults.update({ smsDelayMs: 10_000 });
    const sent = await gateway.send({ to: PHONE, text: 'late', lang: 'ru' });
    expectProblem(await app.inject({ url: `${BASE}/messages/${sent.id}` }), 404);
    rt.clock.advance(10_000);
    expect((await app.inject({ url: `${BASE}/messages/${sent.id}` })).statusCode).toBe(200);
  });

  it('T-SMS-11: request logs carry masked phone numbers', async () => {
    const lines: string[] = [];
    const { app } = await setup(lines);
    await app.inject({ url: `${BASE}/phones/${P}/messages` });
    await app.inject({ url: `${BASE}/phones/8%20701%20123%2045%2067/messages` });
    await app.inject({ url: `${BASE}/search?phone=87011234567` });
    await app.inject({ url: `${BASE}/phones/${P}/no-such-route` });
    const log = lines.join('');
    expect(log).toContain('incoming request');
    expect(log).toContain('*********67');
    expect(log).not.toMatch(/701\D{0,3}123/);
    expect(maskPersonalData('/phones/+7 (701) 123-45-67/x?iin=900101300123')).toBe(
      '/phones/+*********67/x?iin=**********23',
    );
  });
});
