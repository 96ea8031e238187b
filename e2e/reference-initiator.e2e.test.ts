/**
 * The reference initiator against the mock environment on a real port, driven only through driver
 * protocol v1: each consent way to a granted token and a data fetch, the subject and the 1414
 * operator played through the environment's APIs; then the negatives (a refusal, an expiry, a
 * refused fault, a transient fault, a revoked and an expired token). Every driver answer is held
 * against docs/driver-protocol.openapi.json, and the journal against what a conforming initiator
 * sends (fresh messageIds, Kazakhstan-time messageDates, its own credentials and BIN).
 *
 * The environment's virtual clock is moved only by the last tests: the reference keeps real time,
 * and its ovt would look stale to a state service whose clock ran ahead.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRequestState, FetchResult, StartAccessRequest } from '../suites/driver/protocol.ts';
import { organisationFor, type ConsentWayRole } from '../fixtures/index.ts';
import type { Organisation, Subject } from '../fixtures/types.ts';
import { createEnvironment, type MockEnvironment } from '../mocks/server.ts';
import { startReferenceInitiator, type ReferenceInitiator } from '../examples/reference-initiator/index.ts';
import { DriverOpenApi } from './support/driver-openapi.ts';

let env: MockEnvironment;
let base: string;
const openApi = new DriverOpenApi();
const started: ReferenceInitiator[] = [];

// Building the environment derives the fixture organisations' RSA keys: slow on a busy 2-core box.
beforeAll(async () => {
  env = await createEnvironment({ subjects: 12 });
  base = await env.app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((r) => r.close()));
  await env?.close();
});

/** A driver call, its answer held against the OpenAPI document. */
async function call(
  driverUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  if (body !== undefined) openApi.assertRequest(method, path, body);
  const res = await fetch(`${driverUrl}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  openApi.assertResponse(method, path, res.status, res.headers.get('content-type'), parsed);
  return { status: res.status, body: parsed };
}

interface Sut {
  org: Organisation;
  url: string;
  start(s: Subject, way: StartAccessRequest['way'], more?: Partial<StartAccessRequest>): Promise<AccessRequestState>;
  state(id: string): Promise<AccessRequestState>;
  until(id: string, done: (s: AccessRequestState) => boolean): Promise<AccessRequestState>;
  fetchData(id: string): Promise<FetchResult>;
}

/** A reference initiator for a fixture organisation, configured for the test environment. */
async function sut(role: ConsentWayRole, withRegisteredKey = false): Promise<Sut> {
  const org = organisationFor(env.fixtures, role)!;
  const ref = await startReferenceInitiator({
    organisation: { bin: org.bin, name: org.name },
    ...(withRegisteredKey ? { signingKey: { ...org.keys.ec, alg: 'ES256' as const } } : {}),
    polling: { initialMs: 30, maxMs: 150 },
    retry: { delayMs: 10 },
  });
  started.push(ref);
  const put = await call(ref.driverUrl, 'PUT', '/environments/test', {
    shepUrl: `${base}/test/bip-sync-wss-gost/`,
    ...org.credentials.test,
  });
  expect(put.status).toBe(204);
  const self: Sut = {
    org,
    url: ref.driverUrl,
    async start(s, way, more = {}) {
      const r = await call(ref.driverUrl, 'POST', '/access-requests', {
        environment: 'test',
        iin: s.iin,
        way,
        dataService: 'GBDFLUniversal_token',
        purpose: 'Проверка сведений о клиенте при открытии счёта',
        lifetime: 3600,
        ...more,
      });
      expect(r.status).toBe(202);
      return r.body;
    },
    async state(id) {
      return (await call(ref.driverUrl, 'GET', `/access-requests/${id}`)).body;
    },
    async until(id, done) {
      for (let i = 0; i < 200; i++) {
        const s = await self.state(id);
        if (done(s)) return s;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`access request ${id} never reached the expected state: ${JSON.stringify(await self.state(id))}`);
    },
    async fetchData(id) {
      const r = await call(ref.driverUrl, 'POST', `/access-requests/${id}/fetch`);
      expect(r.status).toBe(200);
      return r.body;
    },
  };
  return self;
}

const subject = (i: number): Subject => env.fixtures.subjects[i]!;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.status === 204 ? undefined : res.json();
}

const latestSms = (s: Subject): Promise<{ id: string; text: string }> =>
  api('GET', `/sms/api/v1/phones/${encodeURIComponent(s.phone)}/messages/latest`);
const reply = (s: Subject, text: string, inReplyTo?: string) =>
  api('POST', `/sms/api/v1/phones/${encodeURIComponent(s.phone)}/replies`, {
    text,
    ...(inReplyTo ? { inReplyTo } : {}),
  });
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1]!;

interface Exchange {
  sender?: string;
  service?: string;
  request: string;
  response: string;
  outcome: string;
}
const journal = (q: string): Promise<Exchange[]> => api('GET', `/env/api/v1/journal?limit=1000&${q}`);
const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const granted = (s: AccessRequestState) => s.phase !== 'pending';

describe('the reference initiator: each way to a token and a data fetch, through driver protocol v1 only', () => {
  it("R7.5 SMS: KDP_SERVICE, the code answered from the subject's phone, polled to APPROVED, the person record", async () => {
    const ref = await sut('sms-only-company');
    const s = subject(0);
    const first = await ref.start(s, 'sms');
    expect(first).toMatchObject({ phase: 'pending', tokenHeld: false });
    expect(first.requestId).toBeTruthy();
    await reply(s, codeIn((await latestSms(s)).text));
    const done = await ref.until(first.id, granted);
    expect(done).toMatchObject({ phase: 'granted', tokenHeld: true, requestId: first.requestId });
    const fetched = await ref.fetchData(first.id);
    expect(fetched.ok).toBe(true);
    expect((fetched as { data: any }).data.person.iin).toBe(s.iin);
    // The polls carried the state service's requestId as correlationId…
    const sent = await journal(`service=KDP_SERVICE&sender=${ref.org.credentials.test.senderId}`);
    const polls = sent.filter((e) => field(e.request, 'correlationId') === first.requestId);
    expect(polls.length).toBeGreaterThan(0);
    // …stopped at APPROVED, and the token went to the data service exactly as received (T-KDP-9).
    const approved = polls.at(-1)!.response;
    const answer = approved.slice(approved.indexOf('<responseData>'));
    expect(field(answer, 'status')).toBe('APPROVED');
    const [use] = await journal(`service=GBDFLUniversal_token&sender=${ref.org.credentials.test.senderId}`);
    expect(field(use!.request, 'kdpToken')).toBe(field(answer, 'code'));
    expect(field(use!.request, 'publicKey')).toBe(field(answer, 'public-key'));
    expect(field(use!.request, 'publicKey')).toContain('-----BEGIN PUBLIC KEY-----\n');
  });

  it('R7.1 1414: the operator confirms in the console, the mobile number from MCDB_SERVICE', async () => {
    const ref = await sut('bank');
    const s = subject(1);
    const first = await ref.start(s, 'callcenter-1414', { dataService: 'MCDB_SERVICE' });
    expect(first.phase).toBe('pending');
    const queue = await api('GET', `/1414/api/v1/requests?subjectIin=${s.iin}`);
    const call1414 = queue.requests.find((r: any) => r.ref.requestId === first.requestId);
    await api('POST', `/1414/api/v1/requests/${call1414.id}/confirm`, { operatorId: 'op-1', note: 'reached by phone' });
    expect(await ref.until(first.id, granted)).toMatchObject({ phase: 'granted', tokenHeld: true });
    const fetched = await ref.fetchData(first.id);
    expect(fetched).toMatchObject({ ok: true, data: { mobilePhone: s.phone } });
  });

  it('R7.2 R10.2 R2.8 own means: omit-sms with a short, unique, bound ovt signed by the registered key; granted at once', async () => {
    const ref = await sut('bank', true);
    const key = await call(ref.url, 'GET', '/signing-key');
    expect(key.body.jwk).toMatchObject({ kid: ref.org.keys.ec.kid, alg: 'ES256', kty: 'EC' });
    const states = [await ref.start(subject(2), 'own-means'), await ref.start(subject(3), 'own-means')];
    for (const st of states) expect(st).toMatchObject({ phase: 'granted', tokenHeld: true });
    expect(await ref.fetchData(states[0]!.id)).toMatchObject({ ok: true });
    const sent = (await journal(`service=KDP_SERVICE&sender=${ref.org.credentials.test.senderId}`)).filter((e) =>
      e.request.includes('<ovt>'),
    );
    const ovts = sent.slice(-2).map((e) => field(e.request, 'ovt')!);
    expect(ovts.map((t) => decodeProtectedHeader(t))).toEqual([
      expect.objectContaining({ alg: 'ES256', kid: ref.org.keys.ec.kid }),
      expect.objectContaining({ alg: 'ES256', kid: ref.org.keys.ec.kid }),
    ]);
    const claims = ovts.map((t) => decodeJwt(t));
    for (const [i, c] of claims.entries()) {
      expect(c).toMatchObject({
        cbin: ref.org.bin,
        mcheck: 'Bio',
        aud: 'urn:kdp-conformance:test:KDP_SERVICE',
        sub: subject(2 + i).iin,
        access_name: 'GBDFLUniversal_token',
      });
      expect(c.exp! - c.iat!).toBeLessThanOrEqual(600);
    }
    expect(claims[0]!.jti).not.toBe(claims[1]!.jti);
    for (const e of sent.slice(-2)) expect(field(e.request, 'omit-sms')).toBe('true');
  });

  it('R7.3 proactive: the offer answered ИӘ, granted, the person record', async () => {
    const ref = await sut('proactive-state-body');
    const s = subject(4);
    const first = await ref.start(s, 'proactive');
    const offer = await latestSms(s);
    await reply(s, 'Иә', offer.id);
    expect(await ref.until(first.id, granted)).toMatchObject({ phase: 'granted', tokenHeld: true });
    expect(await ref.fetchData(first.id)).toMatchObject({ ok: true, data: { person: { iin: s.iin } } });
  });

  it('R7.4 notification: with its Article 9 ground, granted at once, the subject notified', async () => {
    const ref = await sut('notifying-state-body');
    const s = subject(5);
    const st = await ref.start(s, 'notification', { article9Ground: 'art9-1' });
    expect(st).toMatchObject({ phase: 'granted', tokenHeld: true });
    expect((await latestSms(s)).text).toContain(ref.org.name);
    expect(await ref.fetchData(st.id)).toMatchObject({ ok: true });
    const last = (await journal(`service=KDP_SERVICE&sender=${ref.org.credentials.test.senderId}`)).at(-1)!;
    expect(last.request).toMatch(/<key>article9Ground<\/key>\s*<value>art9-1<\/value>/);
  });
});

describe('the reference initiator: negatives', () => {
  it('R7.5 R3 a declined SMS is reported declined, and no data service is called without a token', async () => {
    const ref = await sut('sms-only-company');
    const s = subject(6);
    const first = await ref.start(s, 'sms', { dataService: 'MCDB_SERVICE' });
    await reply(s, 'НЕТ');
    const done = await ref.until(first.id, granted);
    expect(done).toMatchObject({ phase: 'declined', tokenHeld: false });
    expect(done.reason).toBeTruthy();
    const before = await journal(`service=MCDB_SERVICE&sender=${ref.org.credentials.test.senderId}`);
    expect(await ref.fetchData(first.id)).toMatchObject({ ok: false });
    expect(await journal(`service=MCDB_SERVICE&sender=${ref.org.credentials.test.senderId}`)).toHaveLength(
      before.length,
    );
  });

  it('R7.0 T-KDP-1 a refusal fault (a way not approved) is reported failed with its code and not retried', async () => {
    const ref = await sut('sms-only-company');
    const q = `service=KDP_SERVICE&sender=${ref.org.credentials.test.senderId}`;
    const before = (await journal(q)).length;
    const st = await ref.start(subject(7), 'proactive');
    expect(st).toMatchObject({ phase: 'failed', errorCode: 'KDP-113', tokenHeld: false });
    expect(st.reason).toBeTruthy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await journal(q)).length - before).toBe(1);
  });

  it('R10.2 own means with a key that is not registered: refused (KDP-201), reported, not retried', async () => {
    const ref = await sut('bank'); // generates a key of its own, never registered on Smart Bridge
    const st = await ref.start(subject(7), 'own-means');
    expect(st).toMatchObject({ phase: 'failed', errorCode: 'KDP-201' });
    expect(await ref.fetchData(st.id)).toMatchObject({ ok: false });
  });

  it('T-SHEP-4 T-SHEP-9 a transient fault is retried as a new message with a new messageId, within a budget', async () => {
    const ref = await sut('sms-only-company');
    const q = `service=KDP_SERVICE&sender=${ref.org.credentials.test.senderId}`;
    const rule = { serviceId: 'KDP_SERVICE', errorCode: 'SE001', errorMessage: 'service unavailable' };
    try {
      let before = (await journal(q)).length;
      await api('PUT', '/env/api/v1/faults', { shepFaults: [{ ...rule, remaining: 2 }] });
      const st = await ref.start(subject(8), 'sms');
      expect(st.phase).toBe('pending');
      const tried = (await journal(q)).slice(before, before + 3);
      expect(tried.map((e) => e.outcome)).toEqual(['SE001', 'SE001', 'SCSS001']);
      expect(new Set(tried.map((e) => field(e.request, 'messageId'))).size).toBe(3);

      // A fault that does not pass: the budget (3 attempts) is spent, then the request fails with the code.
      const other = await sut('bank');
      const q2 = `service=KDP_SERVICE&sender=${other.org.credentials.test.senderId}`;
      before = (await journal(q2)).length;
      await api('PUT', '/env/api/v1/faults', { shepFaults: [{ ...rule, remaining: null }] });
      const failed = await other.start(subject(9), 'sms');
      expect(failed).toMatchObject({ phase: 'failed', errorCode: 'SE001' });
      expect((await journal(q2)).length - before).toBe(3);
    } finally {
      await api('DELETE', '/env/api/v1/faults');
    }
  });

  it('T-KDP-11 R3 a revoked token: the refusal (KDP-403) is reported, the token dropped, the call not repeated', async () => {
    const ref = await sut('sms-only-company');
    const s = subject(10);
    const first = await ref.start(s, 'sms');
    await reply(s, codeIn((await latestSms(s)).text));
    await ref.until(first.id, granted);
    expect(await ref.fetchData(first.id)).toMatchObject({ ok: true });
    // The subject revokes by SMS; the organisation's officer accepts (the reference has no revocation feature).
    await reply(s, 'КЕРІ', (await latestSms(s)).id);
    const [waiting] = await env.kdp.state.revocations.pending('test', ref.org.bin);
    await env.kdp.state.revocations.decide({
      environment: 'test',
      companyBin: ref.org.bin,
      id: waiting!.id,
      solution: 'ACCEPT',
    });
    const q = `service=GBDFLUniversal_token&sender=${ref.org.credentials.test.senderId}`;
    const before = (await journal(q)).length;
    expect(await ref.fetchData(first.id)).toMatchObject({ ok: false, errorCode: 'KDP-403' });
    expect(await ref.state(first.id)).toMatchObject({ tokenHeld: false });
    expect(await ref.fetchData(first.id)).toMatchObject({ ok: false });
    expect((await journal(q)).length - before).toBe(1);
  });

  it('T-INIT-17 T-KDP-11 its revocation job: KDP_LIST_TO_REVOKE, ACCEPT by KDP_SEND_SOLUTION, the token dropped unused', async () => {
    const ref = await sut('sms-only-company');
    const s = subject(9);
    const first = await ref.start(s, 'sms');
    await reply(s, codeIn((await latestSms(s)).text));
    await ref.until(first.id, granted);
    // The subject revokes by SMS, answering the consent SMS (which names the consent's reference).
    await reply(s, 'КЕРІ', (await latestSms(s)).id);
    const sync = await call(ref.url, 'POST', '/revocations/sync');
    expect(sync.status).toBe(200);
    expect(sync.body.decisions).toEqual([
      expect.objectContaining({ environment: 'test', iin: s.iin, solution: 'ACCEPT', accessRequests: [first.id] }),
    ]);
    const [decided] = await env.kdp.state.revocations.ofSubject(s.iin);
    expect(decided).toMatchObject({ id: sync.body.decisions[0].revocationId, status: 'ACCEPTED' });
    expect(await ref.state(first.id)).toMatchObject({ phase: 'granted', tokenHeld: false });
    const q = `service=GBDFLUniversal_token&sender=${ref.org.credentials.test.senderId}`;
    const before = (await journal(q)).length;
    expect(await ref.fetchData(first.id)).toMatchObject({ ok: false });
    expect((await journal(q)).length).toBe(before);
    // Nothing waits any more: a second run decides nothing.
    expect((await call(ref.url, 'POST', '/revocations/sync')).body).toEqual({ decisions: [] });
  });

  // From here on the environment's clock runs ahead of real time.
  it('T-KDP-12 R7.5 nobody answers the SMS: the request expires, reported expired', async () => {
    const ref = await sut('sms-only-company');
    const first = await ref.start(subject(11), 'sms');
    expect(first.phase).toBe('pending');
    await api('POST', '/env/api/v1/clock/advance', { by: '6m' });
    expect(await ref.until(first.id, granted)).toMatchObject({ phase: 'expired', tokenHeld: false });
  });

  it('T-KDP-5 R3 an expired access token: the data service refuses (KDP-402), the refusal is reported, no retry', async () => {
    const ref = await sut('notifying-state-body');
    const st = await ref.start(subject(5), 'notification', { article9Ground: 'art9-1', lifetime: 60 });
    expect(st.phase).toBe('granted');
    await api('POST', '/env/api/v1/clock/advance', { by: '2m' });
    const q = `service=GBDFLUniversal_token&sender=${ref.org.credentials.test.senderId}`;
    const before = (await journal(q)).length;
    expect(await ref.fetchData(st.id)).toMatchObject({ ok: false, errorCode: 'KDP-402' });
    expect(await ref.fetchData(st.id)).toMatchObject({ ok: false });
    expect((await journal(q)).length - before).toBe(1);
  });
});

describe('the reference initiator: what it sent, from the journal', () => {
  it('T-SHEP-2 T-SHEP-4 R12 every message: a fresh messageId, messageDate in Kazakhstan time, its own credential and BIN', async () => {
    const exchanges = (await journal('channel=shep')).filter((e) => e.sender);
    expect(exchanges.length).toBeGreaterThan(20);
    const ids = exchanges.map((e) => field(e.request, 'messageId'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of exchanges) {
      expect(field(e.request, 'messageDate')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:00$/);
      const org = env.fixtures.organisations.find((o) => o.credentials.test.senderId === e.sender)!;
      expect(org).toBeDefined();
      const bin = field(e.request, 'company_bin');
      if (bin !== undefined) expect(bin).toBe(org.bin);
    }
  });

  it('every operation of the OpenAPI document was exercised and answered as documented', async () => {
    const ref = await sut('bank');
    expect((await call(ref.url, 'GET', '/describe')).body).toMatchObject({
      protocol: 'kdp-driver/1',
      organisation: { bin: ref.org.bin },
    });
    expect((await call(ref.url, 'GET', '/access-requests/nope')).status).toBe(404);
    expect((await call(ref.url, 'POST', '/access-requests/nope/fetch')).status).toBe(404);
    const bad = await fetch(`${ref.url}/access-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ environment: 'test', iin: '12', way: 'sms' }),
    });
    expect(bad.status).toBe(400);
    openApi.assertResponse('POST', '/access-requests', 400, bad.headers.get('content-type'), await bad.json());
    const notConfigured = await call(ref.url, 'POST', '/access-requests', {
      environment: 'prod',
      iin: subject(0).iin,
      way: 'sms',
      dataService: 'GBDFLUniversal_token',
      purpose: 'x',
      lifetime: 600,
    });
    expect(notConfigured.status).toBe(409);
    expect((await call(ref.url, 'POST', '/reset')).status).toBe(204);
    expect([...openApi.seen.keys()].sort()).toEqual(
      Object.values(openApi.doc.paths)
        .flatMap((ops) => Object.values(ops).map((o) => o.operationId))
        .sort(),
    );
  });
});
