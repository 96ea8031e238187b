import { describe, expect, it } from 'vitest';
import { makeBin } from '../../protocol/identifiers/bin.ts';
import { makeIin } from '../../protocol/identifiers/iin.ts';
import type { CallCenterDecision } from '../kdp/ports.ts';
import { DomainError } from '../errors.ts';
import { toProblem } from '../http/problem-handler.ts';
import { testRuntime } from '../testing.ts';
import { CallCenter, DEFAULT_CALL_LIFETIME_MS, type CallDecision, type EnqueueInput } from './call-center.ts';
import { callCenterPort } from './kdp-port.ts';

const IIN = makeIin({ birthDate: '1990-01-01', sex: 'male', serial: 123 });
const BIN = makeBin({ yearMonth: '2004-05', type: 'resident', subtype: 'head', serial: 4321 });
const PHONE = '+77011234567';

function input(over: Partial<EnqueueInput> = {}): EnqueueInput {
  return {
    subjectIin: IIN,
    phone: PHONE,
    requester: { name: 'АО «Банк Пример»', bin: BIN },
    data: 'адрес регистрации',
    ref: { requestId: 'kdp-1' },
    ...over,
  };
}

function setup(options: ConstructorParameters<typeof CallCenter>[1] = {}) {
  const rt = testRuntime();
  const cc = new CallCenter(rt, options);
  const decisions: CallDecision[] = [];
  cc.onDecision((d) => void decisions.push(d));
  return { rt, cc, decisions };
}

async function problemOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  // The core names a code (a phone is refused by the SMS gateway's own check); the HTTP adapters'
  // tables decide the answer, which is what is checked.
  expect(err).toBeInstanceOf(DomainError);
  return toProblem(err);
}

describe('1414 contact center', () => {
  it('R7.1 T-1414-1: a request enters the queue waiting, with subject, phone, requester and data', async () => {
    const { rt, cc } = setup();
    const r = await cc.enqueue(input({ phone: '8 701 123 45 67' }));
    expect(r).toMatchObject({
      subjectIin: IIN,
      phone: PHONE,
      requester: { name: 'АО «Банк Пример»', bin: BIN },
      data: 'адрес регистрации',
      ref: { requestId: 'kdp-1' },
      state: 'waiting',
    });
    expect(r.expiresAt - r.enqueuedAt).toBe(DEFAULT_CALL_LIFETIME_MS);
    expect(await cc.get(r.id)).toEqual(r);
    const [rec] = await rt.journal.query({ channel: 'callcenter' });
    expect(rec).toMatchObject({ service: 'enqueue', sender: BIN, outcome: 'queued' });
  });

  it('R7.1 T-1414-1: refuses a bad IIN, phone, BIN or empty data with a 400 naming the field', async () => {
    const { cc } = setup();
    expect(await problemOf(cc.enqueue(input({ subjectIin: '900101300124' })))).toMatchObject({
      status: 400,
      errors: [{ field: 'subjectIin' }],
    });
    expect(await problemOf(cc.enqueue(input({ phone: '+74951234567' })))).toMatchObject({
      status: 400,
      errors: [{ field: 'phone' }],
    });
    expect(await problemOf(cc.enqueue(input({ requester: { name: 'X', bin: '123456789012' } })))).toMatchObject({
      errors: [{ field: 'requester/bin' }],
    });
    expect(await problemOf(cc.enqueue(input({ requester: { name: ' ' } })))).toMatchObject({
      errors: [{ field: 'requester/name' }],
    });
    expect(await problemOf(cc.enqueue(input({ data: '' })))).toMatchObject({ errors: [{ field: 'data' }] });
  });

  it('R7.1 T-1414-2: lists pending requests oldest first, filtered by subject, phone, operator and state', async () => {
    const { rt, cc } = setup();
    const a = await cc.enqueue(input());
    rt.clock.advance(1);
    const b = await cc.enqueue(input({ phone: '+77771234567' }));
    rt.clock.advance(1);
    const c = await cc.enqueue(input());
    await cc.take(a.id, 'op-1');
    await cc.refuse(c.id, { operatorId: 'op-2' });

    const pending = await cc.list();
    expect(pending.total).toBe(2);
    expect(pending.items.map((r) => r.id)).toEqual([a.id, b.id]);
    expect((await cc.list({ state: 'waiting' })).items.map((r) => r.id)).toEqual([b.id]);
    expect((await cc.list({ state: 'any' })).total).toBe(3);
    expect((await cc.list({ operatorId: 'op-1' })).items.map((r) => r.id)).toEqual([a.id]);
    expect((await cc.list({ phone: '87771234567' })).items.map((r) => r.id)).toEqual([b.id]);
    expect((await cc.list({ state: 'any', subjectIin: IIN, limit: 1, offset: 1 })).items.map((r) => r.id)).toEqual([
      b.id,
    ]);
    expect((await cc.list({ limit: 1, offset: 1 })).items.map((r) => r.id)).toEqual([b.id]);
  });

  it('R7.1 T-1414-2: an operator takes the oldest waiting request; another cannot take or decide it; release puts it back', async () => {
    const { rt, cc } = setup();
    const a = await cc.enqueue(input());
    rt.clock.advance(1);
    await cc.enqueue(input());
    const taken = await cc.takeNext('op-1');
    expect(taken).toMatchObject({ id: a.id, state: 'in-call', operatorId: 'op-1', takenAt: rt.clock.nowMs() });
    expect(await cc.take(a.id, 'op-1')).toEqual(taken);
    expect(await problemOf(cc.take(a.id, 'op-2'))).toMatchObject({
      status: 409,
      type: 'urn:kdp-conformance:problem:callcenter-taken',
    });
    expect((await problemOf(cc.confirm(a.id, { operatorId: 'op-2' }))).status).toBe(409);
    expect((await problemOf(cc.release(a.id, 'op-2'))).status).toBe(409);

    const released = await cc.release(a.id, 'op-1');
    expect(released.state).toBe('waiting');
    expect(released.operatorId).toBeUndefined();
    expect((await cc.take(a.id, 'op-2')).operatorId).toBe('op-2');
  });

  it('R7.1 T-1414-2: taking from an empty queue gives nothing', async () => {
    const { cc } = setup();
    expect(await cc.takeNext('op-1')).toBeUndefined();
  });

  it('R7.1 T-1414-3: a confirmation is recorded with operator and note and reaches the subscribed service', async () => {
    const { rt, cc, decisions } = setup();
    const r = await cc.enqueue(input());
    await cc.take(r.id, 'op-7');
    rt.clock.advance(90_000);
    const done = await cc.confirm(r.id, { operatorId: 'op-7', note: 'subject confirmed by phone' });
    expect(done).toMatchObject({
      state: 'confirmed',
      decision: { outcome: 'confirmed', operatorId: 'op-7', note: 'subject confirmed by phone', at: rt.clock.nowMs() },
    });
    expect(decisions).toEqual([
      {
        requestId: r.id,
        ref: { requestId: 'kdp-1' },
        subjectIin: IIN,
        phone: PHONE,
        outcome: 'confirmed',
        operatorId: 'op-7',
        note: 'subject confirmed by phone',
        at: rt.clock.nowMs(),
      },
    ]);
  });

  it('R7.1 T-1414-3: a refusal may be given without taking first, and reaches the service', async () => {
    const { cc, decisions } = setup();
    const r = await cc.enqueue(input());
    const done = await cc.refuse(r.id, { operatorId: 'op-1', note: 'subject refused' });
    expect(done).toMatchObject({ state: 'refused', operatorId: 'op-1', decision: { outcome: 'refused' } });
    expect(decisions.map((d) => d.outcome)).toEqual(['refused']);
  });

  it('R7.1 T-1414-4: a second decision is refused with 409 and changes nothing', async () => {
    const { cc, decisions } = setup();
    const r = await cc.enqueue(input());
    await cc.confirm(r.id, { operatorId: 'op-1' });
    const p = await problemOf(cc.refuse(r.id, { operatorId: 'op-1' }));
    expect(p).toMatchObject({
      status: 409,
      type: 'urn:kdp-conformance:problem:callcenter-already-decided',
      state: 'confirmed',
    });
    expect((await problemOf(cc.confirm(r.id, { operatorId: 'op-2' }))).status).toBe(409);
    expect((await problemOf(cc.take(r.id, 'op-2'))).status).toBe(409);
    expect((await cc.get(r.id))?.state).toBe('confirmed');
    expect(decisions).toHaveLength(1);
  });

  it('R7.1 T-1414-5: an undecided request expires at its lifetime on the virtual clock; the expiry is reported', async () => {
    const { rt, cc, decisions } = setup({ lifetimeMs: 60_000 });
    const r = await cc.enqueue(input());
    const taken = await cc.enqueue(input());
    await cc.take(taken.id, 'op-1');
    rt.clock.advance(59_999);
    expect((await cc.list()).total).toBe(2);
    rt.clock.advance(1);
    expect((await cc.list()).total).toBe(0);
    expect((await cc.get(r.id))?.state).toBe('expired');
    expect(await problemOf(cc.confirm(r.id, { operatorId: 'op-1' }))).toMatchObject({
      status: 409,
      type: 'urn:kdp-conformance:problem:callcenter-expired',
    });
    expect(await problemOf(cc.confirm(taken.id, { operatorId: 'op-1' }))).toMatchObject({ status: 409 });
    expect(decisions.map((d) => [d.requestId, d.outcome, d.at])).toEqual([
      [r.id, 'expired', r.expiresAt],
      [taken.id, 'expired', taken.expiresAt],
    ]);
    expect(decisions[0]!.operatorId).toBeUndefined();
  });

  it('R7.1 T-1414-5: a caller may set the deadline itself; one in the past is refused', async () => {
    const { rt, cc } = setup();
    const r = await cc.enqueue(input({ expiresAt: rt.clock.nowMs() + 5_000 }));
    expect(r.expiresAt).toBe(rt.clock.nowMs() + 5_000);
    expect((await problemOf(cc.enqueue(input({ expiresAt: rt.clock.nowMs() })))).status).toBe(400);
    expect(() => new CallCenter(rt, { lifetimeMs: 0 })).toThrow(RangeError);
  });

  it('R7.1 T-1414-5: sweep() reports expiries at once, without waiting for the next look', async () => {
    const { rt, cc, decisions } = setup({ lifetimeMs: 1_000 });
    await cc.enqueue(input());
    rt.clock.advance(1_000);
    expect((await cc.sweep()).map((d) => d.outcome)).toEqual(['expired']);
    expect(decisions).toHaveLength(1);
    expect(await cc.sweep()).toEqual([]);
  });

  it('R7.1 T-1414-6: every decision and expiry is journalled on the callcenter channel', async () => {
    const { rt, cc } = setup({ lifetimeMs: 1_000 });
    const a = await cc.enqueue(input());
    await cc.enqueue(input());
    await cc.confirm(a.id, { operatorId: 'op-1', note: 'ok' });
    rt.clock.advance(1_000);
    await cc.sweep();
    const recs = await rt.journal.query({ channel: 'callcenter', service: 'decision' });
    expect(recs.map((r) => [r.outcome, r.sender])).toEqual([
      ['confirmed', 'op-1'],
      ['expired', undefined],
    ]);
    expect(JSON.parse(recs[0]!.request)).toMatchObject({ requestId: a.id, operatorId: 'op-1', note: 'ok' });
  });

  it('refuses an unknown id with 404 and an empty operator id with 400', async () => {
    const { cc } = setup();
    expect((await problemOf(cc.take('nope', 'op-1'))).status).toBe(404);
    const r = await cc.enqueue(input());
    expect((await problemOf(cc.confirm(r.id, { operatorId: ' ' }))).status).toBe(400);
  });

  it('a failing subscriber does not stop the others; its error surfaces after the decision is kept', async () => {
    const { cc, decisions } = setup();
    cc.onDecision(() => {
      throw new Error('boom');
    });
    const r = await cc.enqueue(input());
    await expect(cc.confirm(r.id, { operatorId: 'op-1' })).rejects.toThrow('boom');
    expect(decisions).toHaveLength(1);
    expect((await cc.get(r.id))?.state).toBe('confirmed');
  });
});

describe('1414 as the state service port', () => {
  it('R7.1: enqueues a state-service case and passes decisions (not expiries) back by request id', async () => {
    const { rt, cc } = setup({ lifetimeMs: 1_000 });
    const port = callCenterPort(cc);
    const heard: CallCenterDecision[] = [];
    port.onDecision(async (d) => void heard.push(d));
    const deadline = rt.clock.nowMs() + 1_000;
    const base = {
      environment: 'test' as const,
      iin: IIN,
      phone: PHONE,
      company: 'Банк',
      companyBin: BIN,
      accessName: 'GBDFLUniversal_token',
      personalDataName: 'адрес',
      deadline,
    };
    await port.enqueue({ ...base, requestId: 'kdp-1' });
    await port.enqueue({ ...base, requestId: 'kdp-2' });
    const [first] = (await cc.list()).items;
    expect(first).toMatchObject({
      requester: { name: 'Банк', bin: BIN },
      data: 'адрес',
      expiresAt: deadline,
      ref: { requestId: 'kdp-1', environment: 'test' },
    });
    await cc.confirm(first!.id, { operatorId: 'op-1' });
    rt.clock.advance(1_000);
    await cc.sweep();
    expect(heard).toEqual([{ requestId: 'kdp-1', decision: 'confirmed', operator: 'op-1' }]);
  });
});
